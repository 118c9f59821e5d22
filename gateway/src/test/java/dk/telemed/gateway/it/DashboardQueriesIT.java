package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.InfluxServer;
import dk.telemed.testsupport.ProjectRoot;
import dk.telemed.testsupport.Series;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grafana is not installed here, so its dashboards are proven against a real InfluxDB: every
 * InfluxQL query of every dashboard under {@code dashboards/} (panel targets and template
 * variables), with the template variables and Grafana's time macros substituted, must return
 * the series that panel is meant to show for the seeded readings and alerts.
 */
class DashboardQueriesIT {
    static final String DB = "telemed";
    static final int DAYS = 14;
    static final Map<String, Double> COPD = Map.of("spo2", 91.0, "pulse", 88.0, "resp_rate", 18.0, "fev1", 1.4,
            "fvc", 2.6, "pef", 240.0, "weight", 81.5, "temperature", 37.1);
    static final Map<String, Double> DIABETES = Map.of("glucose", 6.2, "ketones", 0.4, "bp_sys", 138.0,
            "bp_dia", 84.0, "weight", 95.0);
    static InfluxServer influx;

    /** What each panel (by dashboard file and title) must show for the seeded data. */
    static final Map<String, Consumer<List<Series>>> EXPECTED = expectations();

    @BeforeAll
    static void start() {
        influx = InfluxServer.start(Path.of("target/it/DashboardQueriesIT"));
        influx.createDatabase(DB);
        long now = System.currentTimeMillis();
        StringBuilder lines = new StringBuilder();
        for (int day = 0; day < DAYS; day++) {
            long ns = (now - day * 86_400_000L - 3_600_000L) * 1_000_000L;
            readings(lines, "p-0001", COPD, ns);
            readings(lines, "p-0002", DIABETES, ns);
        }
        long hour = 3_600_000L;
        alert(lines, "p-0002", "glucose", "red", "glucose.red.below", "a-1", "raised", 2.6, now - 50 * hour);
        alert(lines, "p-0002", "glucose", "red", "glucose.red.below", "a-1", "acknowledged", 2.6, now - 49 * hour);
        alert(lines, "p-0002", "glucose", "red", "glucose.red.below", "a-1", "resolved", 5.1, now - 40 * hour);
        alert(lines, "p-0001", "spo2", "yellow", "spo2.yellow.below", "a-2", "raised", 89.0, now - 30 * hour);
        alert(lines, "p-0001", "fev1", "blue", "fev1.blue.missing", "a-3", "raised", null, now - 20 * hour);
        // Three weekly CAT answers of p-0001 (the responses measurement): totals 12, 15, 18.
        for (int week = 0; week < 3; week++) {
            long ns = (now - (13 - 6L * week) * 86_400_000L - 2 * hour) * 1_000_000L;
            lines.append("responses,patient=p-0001,questionnaire=copd-cat,item=_total score=").append(12 + 3 * week)
                    .append(",severity=\"green\",version=1i ").append(ns).append('\n');
            lines.append("responses,patient=p-0001,questionnaire=copd-cat,item=cat_cough value=2,answer=\"2\",version=1i ")
                    .append(ns).append('\n');
        }
        influx.write(DB, lines.toString());
    }

    @AfterAll
    static void stop() {
        influx.close();
    }

    @Test
    void everyQueryOfEveryDashboardReturnsTheSeriesItsPanelShows() throws IOException {
        Map<String, String> queries = queries();
        assertThat(queries.keySet()).as("panels and variables found in dashboards/")
                .contains("telemed-patient.json: variable patient", "telemed-population.json: Alerts raised by severity");
        assertThat(EXPECTED.keySet()).as("every panel has an expectation, and every expectation a panel")
                .containsExactlyInAnyOrderElementsOf(queries.keySet());
        queries.forEach((panel, query) -> {
            String runnable = substitute(query);
            assertThat(runnable).as(panel + ": a template variable or macro this test does not know").doesNotContain("$");
            EXPECTED.get(panel).accept(influx.querySeries(DB, runnable));
        });
    }

    static String substitute(String query) {
        return query.replace("$patient", "p-0001")
                .replace("$timeFilter", "time > now() - " + DAYS + "d")
                .replace("$__interval", "1d");
    }

    static Map<String, Consumer<List<Series>>> expectations() {
        Map<String, Consumer<List<Series>>> e = new LinkedHashMap<>();
        String patient = "telemed-patient.json: ";
        e.put(patient + "variable patient", s -> assertThat(column(s, "value")).containsExactlyInAnyOrder("p-0001", "p-0002"));
        e.put(patient + "SpO2 (%)", s -> assertThat(values(s)).containsOnly(91.0).isNotEmpty());
        e.put(patient + "Pulse and respiratory rate (/min)", s -> assertThat(tags(s, "type")).containsExactlyInAnyOrder("pulse", "resp_rate"));
        e.put(patient + "Spirometry: FEV1 and FVC (L)", s -> assertThat(tags(s, "type")).containsExactlyInAnyOrder("fev1", "fvc"));
        e.put(patient + "Peak expiratory flow (L/min)", s -> assertThat(values(s)).containsOnly(240.0).isNotEmpty());
        // p-0001 has COPD: no glucose or blood pressure, so those panels are empty for it.
        e.put(patient + "Blood glucose and ketones (mmol/L)", s -> assertThat(s).isEmpty());
        e.put(patient + "Blood pressure (mm[Hg])", s -> assertThat(s).isEmpty());
        e.put(patient + "Weight (kg)", s -> assertThat(values(s)).containsOnly(81.5).isNotEmpty());
        e.put(patient + "Body temperature (Cel)", s -> assertThat(values(s)).containsOnly(37.1).isNotEmpty());
        e.put(patient + "Alert history", s -> {
            assertThat(column(s, "alert_id")).containsExactlyInAnyOrder("a-2", "a-3");
            assertThat(tags(s, "severity")).containsExactlyInAnyOrder("yellow", "blue");
        });
        e.put(patient + "COPD Assessment Test (CAT total, 0-40)", s -> assertThat(values(s)).containsExactly(12.0, 15.0, 18.0));
        String population = "telemed-population.json: ";
        e.put(population + "Patients who measured (count)", s -> assertThat(values(s)).containsExactly(2.0));
        e.put(population + "Alerts raised by severity", s -> {
            assertThat(tags(s, "severity")).containsExactlyInAnyOrder("red", "yellow", "blue");
            assertThat(values(s)).containsOnly(1.0);
        });
        e.put(population + "Acknowledged alerts", s -> assertThat(values(s)).containsExactly(1.0));
        e.put(population + "Alerts raised per day by severity", s -> {
            assertThat(tags(s, "severity")).containsExactlyInAnyOrder("red", "yellow", "blue");
            assertThat(values(s).stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(3.0);
        });
        e.put(population + "Alerts raised by rule", s -> assertThat(tags(s, "rule"))
                .containsExactlyInAnyOrder("glucose.red.below", "spo2.yellow.below", "fev1.blue.missing"));
        e.put(population + "Readings stored per type", s -> {
            Set<String> types = new java.util.HashSet<>(COPD.keySet());
            types.addAll(DIABETES.keySet());
            assertThat(tags(s, "type")).containsExactlyInAnyOrderElementsOf(types);
            Map<String, Double> counts = s.stream().collect(Collectors.toMap(x -> x.tags().get("type"), x -> values(List.of(x)).get(0)));
            assertThat(counts.get("weight")).isEqualTo(2.0 * DAYS);
            assertThat(counts.get("spo2")).isEqualTo(DAYS);
        });
        e.put(population + "Readings stored per hour", s -> assertThat(values(s).stream().mapToDouble(Double::doubleValue).sum())
                .isEqualTo((double) (COPD.size() + DIABETES.size()) * DAYS));
        e.put(population + "SpO2 across patients: median and 10th percentile (%)", s -> {
            assertThat(s.get(0).columns()).contains("median", "p10");
            assertThat(values(s)).containsOnly(91.0).isNotEmpty();
        });
        e.put(population + "Glucose across patients: median and 10th percentile (mmol/L)", s -> assertThat(values(s)).containsOnly(6.2).isNotEmpty());
        return e;
    }

    /** Panel title (or "variable NAME") → its InfluxQL, over every dashboard JSON under dashboards/. */
    static Map<String, String> queries() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(ProjectRoot.find().resolve("dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                String name = file.getFileName() + ": ";
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    if (variable.path("type").asText().equals("query")) {
                        queries.put(name + "variable " + variable.path("name").asText(), variable.path("query").asText());
                    }
                }
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.put(name + panel.path("title").asText(), target.path("query").asText());
                    }
                }
            }
        }
        return queries;
    }

    private static void readings(StringBuilder lines, String patient, Map<String, Double> values, long ns) {
        values.forEach((type, value) -> lines.append("readings,patient=").append(patient).append(",device=dev-").append(type)
                .append(",type=").append(type).append(" value=").append(value).append(' ').append(ns).append('\n'));
    }

    private static void alert(StringBuilder lines, String patient, String type, String severity, String rule, String alertId,
                              String state, Double value, long ms) {
        lines.append("alerts,patient=").append(patient).append(",type=").append(type).append(",severity=").append(severity)
                .append(",rule=").append(rule).append(" alert_id=\"").append(alertId).append("\",state=\"").append(state)
                .append("\",message=\"").append(type).append(' ').append(state).append('"');
        if (value != null) {
            lines.append(",value=").append(value);
        }
        lines.append(' ').append(ms * 1_000_000L).append('\n');
    }

    private static Set<String> tags(List<Series> series, String tag) {
        return series.stream().map(s -> s.tags().get(tag)).collect(Collectors.toSet());
    }

    /** Every non-null numeric value of every non-time column. */
    private static List<Double> values(List<Series> series) {
        List<Double> values = new ArrayList<>();
        for (Series s : series) {
            for (List<Object> row : s.values()) {
                for (int i = 0; i < row.size(); i++) {
                    if (!s.columns().get(i).equals("time") && row.get(i) instanceof Number n) {
                        values.add(Math.round(n.doubleValue() * 1000) / 1000.0);
                    }
                }
            }
        }
        return values;
    }

    private static List<Object> column(List<Series> series, String column) {
        return series.stream().flatMap(s -> s.rows().stream()).map(r -> r.get(column)).toList();
    }
}
