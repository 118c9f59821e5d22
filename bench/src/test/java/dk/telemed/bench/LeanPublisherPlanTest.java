package dk.telemed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeanPublisherPlanTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoPublishersWithStrideTwoInterleaveOnePatientsHourWithoutASharedTimestamp() {
        LeanPublisher.Plan a = new LeanPublisher.Plan(List.of("dev-a"), 5, 1, "spo2", 1_000_000, 180, 2, 0);
        LeanPublisher.Plan b = new LeanPublisher.Plan(List.of("dev-b"), 5, 1, "spo2", 1_000_000, 180, 2, 1);
        List<Long> ts = new ArrayList<>();
        for (int j = 0; j < 5; j++) {
            ts.add(a.tsMillis(j));
            ts.add(b.tsMillis(j));
        }
        assertThat(ts).containsExactly(1_000_000L, 1_000_180L, 1_000_360L, 1_000_540L, 1_000_720L, 1_000_900L, 1_001_080L,
                1_001_260L, 1_001_440L, 1_001_620L);
    }

    @Test
    void aSingleReadingPayloadIsOneReadingOfTheInterface() throws Exception {
        LeanPublisher.Plan p = new LeanPublisher.Plan(List.of("dev-a"), 3, 1, "spo2", 1_700_000_000_000L, 1000, 1, 0);
        JsonNode r = JSON.readTree(p.payload("dev-a", 2));
        assertThat(r.path("ts").asLong()).isEqualTo(1_700_000_002_000L);
        assertThat(r.path("type").asText()).isEqualTo("spo2");
        assertThat(r.path("value").asDouble()).isEqualTo(97.0);
        assertThat(r.path("unit").asText()).isEqualTo("%");
    }

    @Test
    void aBatchHoldsItsReadingsInTimeOrderWithAMsgIdOfItsOwnAndTheLastBatchIsShort() throws Exception {
        LeanPublisher.Plan p = new LeanPublisher.Plan(List.of("dev-a", "dev-b"), 45, 20, "pulse", 0, 1000, 1, 0);
        JsonNode first = JSON.readTree(p.payload("dev-a", 0));
        JsonNode last = JSON.readTree(p.payload("dev-a", 40));
        assertThat(first.path("readings")).hasSize(20);
        assertThat(last.path("readings")).hasSize(5);
        assertThat(first.path("readings").get(19).path("ts").asLong()).isEqualTo(19_000L);
        assertThat(first.path("readings").get(0).path("unit").asText()).isEqualTo("/min");
        assertThat(first.path("msgId").asText()).isNotEqualTo(last.path("msgId").asText())
                .isNotEqualTo(JSON.readTree(p.payload("dev-b", 0)).path("msgId").asText());
        LeanPublisher.Plan later = new LeanPublisher.Plan(List.of("dev-a"), 45, 20, "pulse", 60_000, 1000, 1, 0);
        assertThat(JSON.readTree(later.payload("dev-a", 0)).path("msgId").asText()).isNotEqualTo(first.path("msgId").asText());
        assertThat(p.messages()).isEqualTo(6);
        assertThat(p.readings()).isEqualTo(90);
    }

    @Test
    void aPlanSurvivesTheCommandLine() {
        LeanPublisher.Plan p = new LeanPublisher.Plan(List.of("a", "b", "c"), 7, 20, "spo2", 123, 456, 2, 1);
        assertThat(LeanPublisher.Plan.parse(p.toArg())).isEqualTo(p);
    }

    @Test
    void aPlanThatCannotBeSentIsRefused() {
        assertThatThrownBy(() -> new LeanPublisher.Plan(List.of("a"), 1, 1, "spo2", 0, 1, 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LeanPublisher.Plan.parse("a;1;1")).hasMessageContaining("8 fields");
    }
}
