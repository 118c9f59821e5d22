package dk.telemed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatchupPlanTest {
    private static final long END = 1_765_000_000_000L;
    private static final CatchupPlan PLAN = new CatchupPlan(Duration.ofMinutes(10), END);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tenMinutesOfAThousandPatientsAndAWeekOfFiftyHubs() {
        assertThat(CatchupPlan.liveRate()).isEqualTo(400.0);
        assertThat(PLAN.liveReadingsPerDevice()).isEqualTo(120);
        assertThat(PLAN.liveReadings()).isEqualTo(240_000);
        assertThat(CatchupPlan.hubReadings()).isEqualTo(2_016);
        assertThat(CatchupPlan.hubMessages()).isEqualTo(101);
        assertThat(PLAN.readings()).isEqualTo(240_000 + 50 * 2_016);
        assertThat(PLAN.messages()).isEqualTo(240_000 + 50 * 101);
    }

    @Test
    void theLivePlansSpreadEachDevicesReadingsOverTheOutageUpToItsEnd() {
        List<LeanPublisher.Plan> plans = PLAN.livePlans();

        assertThat(plans).extracting(LeanPublisher.Plan::type).containsExactly("spo2", "pulse");
        assertThat(plans).allSatisfy(p -> {
            assertThat(p.devices()).hasSize(1000);
            assertThat(p.batch()).isEqualTo(1);
            assertThat(p.tsMillis(0)).isEqualTo(END - Duration.ofMinutes(10).toMillis());
            assertThat(p.tsMillis(p.readingsPerDevice() - 1)).isLessThan(END).isGreaterThan(END - 10_000);
        });
        assertThat(plans.get(0).devices()).contains("bench-cu-0-oxi", "bench-cu-999-oxi");
        assertThat(plans.stream().mapToLong(LeanPublisher.Plan::readings).sum()).isEqualTo(PLAN.liveReadings());
    }

    @Test
    void aHubsWeekIsBatchesOfTwentyInTimeOrderEachWithItsOwnMsgId() throws Exception {
        List<String> payloads = PLAN.hubPayloads(7);
        Set<String> msgIds = new HashSet<>();
        List<Long> ts = new ArrayList<>();
        for (String p : payloads) {
            JsonNode m = JSON.readTree(p);
            msgIds.add(m.path("msgId").asText());
            assertThat(m.path("readings").size()).isBetween(1, 20);
            m.path("readings").forEach(r -> {
                ts.add(r.path("ts").asLong());
                assertThat(r.path("value").asInt()).isEqualTo(97);
            });
        }
        assertThat(payloads).hasSize(101);
        assertThat(msgIds).hasSize(101);
        assertThat(ts).hasSize(2_016).isSorted();
        assertThat(ts.get(0)).isEqualTo(END - Duration.ofDays(7).toMillis());
        assertThat(END - ts.get(ts.size() - 1)).isEqualTo(Duration.ofMinutes(5).toMillis());
    }

    @Test
    void twoHubsHoldALowSpellDaysBeforeTheUpload() throws Exception {
        assertThat(values(0)).filteredOn(v -> v == 85).hasSize(6);
        assertThat(values(1)).filteredOn(v -> v == 89).hasSize(6);
        assertThat(values(2)).containsOnly(97);
        long spell = PLAN.hubTsMillis(CatchupPlan.spellStart(0));
        assertThat(END - spell).isGreaterThan(Duration.ofDays(3).toMillis());
        assertThat(CatchupPlan.hubValue(0, CatchupPlan.spellStart(0) - 1)).isEqualTo(97);
        assertThat(CatchupPlan.hubValue(0, CatchupPlan.spellStart(0) + 6)).isEqualTo(97);
    }

    @Test
    void theRegistryHasEveryLivePatientWithBothDevicesAndEveryHubsPatient() {
        String yaml = CatchupPlan.registry();

        assertThat(yaml.lines().filter(l -> l.startsWith("  - {"))).hasSize(1050);
        assertThat(yaml).contains("id: bench-cu-p999, careTeam: bench, conditions: [copd], devices: [bench-cu-999-oxi, bench-cu-999-pulse] }")
                .contains("id: bench-cu-hub-p49, careTeam: bench, conditions: [copd], devices: [bench-cu-hub-49] }");
    }

    @Test
    void theBrokersQueueLimitIsReadFromItsConfigurationNotFromAComment() {
        assertThat(CatchupPlan.maxQueued("# max_queued_messages 5\nmax_queued_messages 1000000\nmax_queued_bytes 0\n"))
                .isEqualTo(OptionalLong.of(1_000_000));
        assertThat(CatchupPlan.maxQueued("# max_queued_messages 5\n")).isEmpty();
    }

    @Test
    void anOutageLastsAWhile() {
        assertThatThrownBy(() -> new CatchupPlan(Duration.ZERO, END)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> values(int hub) throws Exception {
        List<Integer> values = new ArrayList<>();
        for (String p : PLAN.hubPayloads(hub)) {
            JSON.readTree(p).path("readings").forEach(r -> values.add(r.path("value").asInt()));
        }
        return values;
    }
}
