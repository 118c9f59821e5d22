package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.InfluxServer;
import dk.telemed.testsupport.ProjectRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every InfluxQL query of the shipped dashboards runs against a real InfluxDB holding readings. */
class DashboardQueriesIT {
    static final String DB = "telemed";
    static InfluxServer influx;

    @BeforeAll
    static void start() {
        influx = InfluxServer.start(Path.of("target/it/DashboardQueriesIT"));
        influx.createDatabase(DB);
        long now = System.currentTimeMillis();
        StringBuilder lines = new StringBuilder();
        String[][] series = {{"spo2", "91"}, {"fev1", "1.4"}, {"fvc", "2.6"}, {"glucose", "6.2"}, {"weight", "81.5"}};
        for (int day = 0; day < 14; day++) {
            for (String[] s : series) {
                lines.append("readings,patient=p-0001,device=dev-").append(s[0]).append(",type=").append(s[0])
                        .append(" value=").append(s[1]).append(' ').append((now - day * 86_400_000L) * 1_000_000L).append('\n');
            }
        }
        influx.write(DB, lines.toString());
    }

    @AfterAll
    static void stop() {
        influx.close();
    }

    @Test
    void everyPanelQueryAnswersWithData() throws IOException {
        List<String> queries = queries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(5);
        for (String query : queries) {
            String runnable = query.replace("$patient", "p-0001")
                    .replace("$timeFilter", "time > now() - 14d")
                    .replace("$__interval", "1d");
            assertThat(influx.query(DB, runnable)).as(query).isNotEmpty();
        }
    }

    static List<String> queries() throws IOException {
        List<String> queries = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(ProjectRoot.find().resolve("dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                json.readTree(file.toFile()).findValues("query").stream().map(JsonNode::asText).forEach(queries::add);
            }
        }
        return queries;
    }
}
