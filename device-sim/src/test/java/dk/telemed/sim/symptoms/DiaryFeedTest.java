package dk.telemed.sim.symptoms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.sim.physiology.LocalClock;
import dk.telemed.sim.population.Population;
import dk.telemed.sim.population.PopulationGenerator;
import dk.telemed.sim.traffic.DeviceState;
import dk.telemed.sim.traffic.Fleet;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers go out in time order, each once, as responses of each patient's first device. */
class DiaryFeedTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");

    @Test
    void answersComeDueInTimeOrderEachOnceOnTheHubsResponsesTopic() throws Exception {
        Population population = new PopulationGenerator(1).generate(10, List.of("nord-akut"));
        List<DeviceState> devices = Fleet.of(population, new LocalClock(ZONE), 0, 2);
        long from = ZonedDateTime.of(2026, 3, 2, 0, 0, 0, 0, ZONE).toInstant().toEpochMilli();
        DiaryFeed feed = new DiaryFeed(new SymptomDiary(1, ZONE), devices, ZONE, from, "run1");
        List<DiaryFeed.Outgoing> all = new ArrayList<>();
        for (long t = from; t < from + 7 * 86_400_000L; t += 3_600_000L) {
            all.addAll(feed.due(t));
        }
        assertThat(all).isNotEmpty();
        assertThat(all).extracting(DiaryFeed.Outgoing::answeredAt).isSorted();
        ObjectMapper json = new ObjectMapper();
        Set<String> msgIds = new HashSet<>();
        Set<String> hubs = new HashSet<>();
        population.patients().forEach(p -> hubs.add("telemed/v1/devices/" + p.devices().get(0).id() + "/responses"));
        for (DiaryFeed.Outgoing o : all) {
            assertThat(hubs).contains(o.topic());
            JsonNode body = json.readTree(o.payload());
            assertThat(msgIds.add(body.get("msgId").asText())).isTrue();
            assertThat(body.get("questionnaire").asText()).isIn("copd-daily", "copd-cat", "diabetes-daily");
            assertThat(body.get("version").asInt()).isEqualTo(1);
            assertThat(ZonedDateTime.parse(body.get("answeredAt").asText()).toInstant().toEpochMilli()).isEqualTo(o.answeredAt());
            assertThat(body.get("answers").isObject()).isTrue();
        }
        assertThat(feed.due(from + 7 * 86_400_000L - 1)).as("nothing twice").isEmpty();
    }
}
