package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.Closing;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.InfluxServer;
import dk.telemed.testsupport.MosquittoServer;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.ProjectRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinical rules end to end on real parts: devices publish to a real Mosquitto, the
 * packaged gateway (with the shipped config/thresholds.yaml) stores in a real InfluxDB, and a
 * nurses' system subscribed to telemed/v1/alerts/# receives the alert events, which are also
 * read back from the alerts measurement.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class RulesIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String DB = "telemed";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REGISTRY = """
            patients:
              - { id: p-copd,    careTeam: nord-akut, conditions: [copd],     devices: [oxi-1, spiro-1] }
              - { id: p-calm,    careTeam: nord-akut, conditions: [copd],     devices: [oxi-2] }
              - { id: p-diab,    careTeam: syd,       conditions: [diabetes], devices: [gluco-3] }
              - { id: p-restart, careTeam: nord-akut, conditions: [copd],     devices: [oxi-4] }
            """;

    static Path dir;
    static MosquittoServer broker;
    static InfluxServer influx;
    static GatewayProcess gateway;
    static Map<String, String> env;
    static MqttTestClient device;
    static MqttTestClient nurses;

    @BeforeAll
    static void startEverything() throws Exception {
        dir = Path.of("target/it/RulesIT");
        broker = MosquittoServer.start(dir.resolve("mosquitto"));
        influx = InfluxServer.start(dir.resolve("influxdb"));
        Path registry = Files.writeString(Files.createDirectories(dir).resolve("patients.yaml"), REGISTRY).toAbsolutePath();
        env = Map.of(
                "TELEMED_MQTT_URL", broker.url(),
                "TELEMED_MQTT_CLIENT_ID", "rules-it",
                "TELEMED_INFLUX_URL", influx.url(),
                "TELEMED_INFLUX_DB", DB,
                "TELEMED_REGISTRY", registry.toString(),
                "TELEMED_RULES_THRESHOLDS", ProjectRoot.config("thresholds.yaml").toAbsolutePath().toString());
        nurses = MqttTestClient.connect(broker.url(), "rules-it-nurses");
        nurses.subscribe("telemed/v1/alerts/#");
        gateway = GatewayProcess.start(dir, env);
        Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);
        device = MqttTestClient.connect(broker.url(), "rules-it-device");
    }

    @AfterAll
    static void stopEverything() {
        Closing.all(device, nurses, gateway, influx, broker);
    }

    @Test
    void aCopdExacerbationOverDaysRaisesYellowThenRedForThatPatientOnly() {
        Instant start = Instant.now().minus(6, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        double[] spo2 = {93, 92, 89, 89, 87, 86};
        double[] fev1 = {1.60, 1.62, 1.58, 1.25, 1.10, 1.05};
        for (int day = 0; day < spo2.length; day++) {
            Instant ts = start.plus(day, ChronoUnit.DAYS);
            device.publish("telemed/v1/devices/oxi-1/readings", """
                    {"msgId": "copd-spo2-%d", "ts": "%s", "type": "spo2", "value": %s, "unit": "%%"}""".formatted(day, ts, spo2[day]));
            device.publish("telemed/v1/devices/spiro-1/readings", """
                    {"msgId": "copd-spiro-%d", "readings": [
                      {"ts": "%s", "type": "fev1", "value": %s, "unit": "L"},
                      {"ts": "%s", "type": "fvc", "value": 2.6, "unit": "L"}]}""".formatted(day, ts, fev1[day], ts));
            device.publish("telemed/v1/devices/oxi-2/readings", """
                    {"msgId": "calm-spo2-%d", "ts": "%s", "type": "spo2", "value": 92, "unit": "%%"}""".formatted(day, ts));
            long expected = day + 1;
            // The next day goes out once this one is stored, as a home hub uploading day by day would.
            Await.until("day " + day + " stored", WAIT, () -> stored("patient = 'p-copd' AND type = 'fev1'") == expected
                    && stored("patient = 'p-copd' AND type = 'spo2'") == expected
                    && stored("patient = 'p-calm'") == expected);
        }

        Await.until("SpO2 and FEV1 escalated to red", WAIT, () -> events("nord-akut", "p-copd").size() >= 4);
        List<JsonNode> spo2Events = ofType(events("nord-akut", "p-copd"), "spo2");
        List<JsonNode> fev1Events = ofType(events("nord-akut", "p-copd"), "fev1");
        assertThat(spo2Events).extracting(e -> e.path("event").asText() + " " + e.path("rule").asText())
                // 86 % is also 3 points below the median of the five days before (89 %): red on the bands says it already
                .containsExactly("raised spo2.yellow.below", "escalated spo2.red.below");
        assertThat(fev1Events).extracting(e -> e.path("event").asText() + " " + e.path("rule").asText())
                .containsExactly("raised fev1.yellow.baseline", "escalated fev1.red.baseline");
        assertThat(spo2Events.get(1).path("alertId").asText()).isEqualTo(spo2Events.get(0).path("alertId").asText());
        assertThat(fev1Events.get(1).path("alertId").asText()).isEqualTo(fev1Events.get(0).path("alertId").asText());
        assertThat(spo2Events.get(0).path("threshold").asDouble()).isEqualTo(90.0);
        assertThat(spo2Events.get(1).path("threshold").asDouble()).isEqualTo(88.0);
        assertThat(spo2Events.get(1).path("thresholds").path("red").path("below").asDouble()).isEqualTo(88.0);
        // Measured days before they arrived: late, and the message says when.
        assertThat(events("nord-akut", "p-copd")).allSatisfy(e -> {
            assertThat(e.path("late").asBoolean()).isTrue();
            assertThat(e.path("message").asText()).contains("late: measured");
        });
        assertThat(events("nord-akut", "p-calm")).isEmpty();
        assertThat(influx.count(DB, "SELECT count(alert_id) FROM alerts WHERE patient = 'p-calm'")).isZero();
        assertThat(influx.query(DB, "SELECT state, severity FROM alerts WHERE patient = 'p-copd' AND type = 'spo2'"))
                .extracting(r -> r.get(1) + " " + r.get(2)).containsExactly("raised yellow", "escalated red");
    }

    @Test
    void aHypoRaisesExactlyOneRedAlertHoweverManyLowReadingsFollowAndNormalReadingsResolveIt() throws Exception {
        Instant t = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        device.publish("telemed/v1/devices/gluco-3/readings", """
                {"msgId": "hypo-0", "ts": "%s", "type": "glucose", "value": 2.6, "unit": "mmol/L"}""".formatted(t));
        // A LO stores nothing and reaches the rules at once; the first reading is waited for, so it is the one that raises.
        Await.until("the hypo raised", WAIT, () -> events("syd", "p-diab").size() == 1);
        StringBuilder lows = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            lows.append(i > 1 ? "," : "").append("""
                    {"ts": "%s", "type": "glucose", "value": %s, "unit": "mmol/L"}""".formatted(t.plusSeconds(i * 20L), 2.2 + i * 0.05));
        }
        device.publish("telemed/v1/devices/gluco-3/readings", "{\"msgId\": \"hypo-lows\", \"readings\": [" + lows + "]}");
        device.publish("telemed/v1/devices/gluco-3/readings", """
                {"msgId": "hypo-lo", "ts": "%s", "type": "glucose", "value": "LO", "unit": "mmol/L"}""".formatted(t.plusSeconds(300)));
        device.publish("telemed/v1/devices/gluco-3/readings", """
                {"msgId": "hypo-low-again", "ts": "%s", "type": "glucose", "value": 47, "unit": "mg/dL"}""".formatted(t.plusSeconds(360)));
        Await.until("the low readings stored", WAIT, () -> stored("patient = 'p-diab' AND type = 'glucose'") == 14);
        device.publish("telemed/v1/devices/gluco-3/readings", """
                {"msgId": "hypo-normal", "readings": [
                  {"ts": "%s", "type": "glucose", "value": 5.8, "unit": "mmol/L"},
                  {"ts": "%s", "type": "glucose", "value": 6.1, "unit": "mmol/L"}]}""".formatted(t.plusSeconds(480), t.plusSeconds(540)));

        Await.until("the hypo resolved", WAIT, () -> events("syd", "p-diab").stream()
                .anyMatch(e -> e.path("event").asText().equals("resolved")));
        List<JsonNode> hypo = ofType(events("syd", "p-diab"), "glucose");
        assertThat(hypo).extracting(e -> e.path("event").asText() + " " + e.path("severity").asText() + " " + e.path("rule").asText())
                .containsExactly("raised red glucose.red.below", "resolved red glucose.red.below");
        JsonNode raised = hypo.get(0);
        assertThat(hypo.get(1).path("alertId").asText()).isEqualTo(raised.path("alertId").asText());
        assertThat(raised.path("late").asBoolean()).isFalse();
        assertThat(raised.path("value").asDouble()).isEqualTo(2.6);
        assertThat(raised.path("threshold").asDouble()).isEqualTo(3.0);
        assertThat(raised.path("thresholds").path("yellow").path("below").asDouble()).isEqualTo(3.9);
        assertThat(raised.path("readingTs").asText()).isEqualTo(t.toString());
        assertThat(raised.path("message").asText()).startsWith("Blood glucose 2.6 mmol/L is below 3 mmol/L (measured ");
        JsonNode resolved = hypo.get(1);
        assertThat(resolved.path("value").asDouble()).as("what raised it").isEqualTo(2.6);
        assertThat(resolved.path("resolvedBy").path("value").asDouble()).as("what resolved it").isEqualTo(5.8);
        assertThat(resolved.path("resolvedBy").path("readingTs").asText()).isEqualTo(t.plusSeconds(480).toString());
        // The event is published before its state is recorded.
        Await.until("the resolved state recorded", WAIT, () -> influx.count(DB,
                "SELECT count(alert_id) FROM alerts WHERE patient = 'p-diab' AND type = 'glucose'") == 2);
        assertThat(influx.query(DB, "SELECT state, alert_id FROM alerts WHERE patient = 'p-diab' AND type = 'glucose'"))
                .extracting(r -> r.get(1) + " " + r.get(2))
                .containsExactly("raised " + raised.path("alertId").asText(), "resolved " + raised.path("alertId").asText());
        assertThat(gateway.metric("telemed_alerts_total", "severity", "red", "event", "raised")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRestartedGatewayNeitherForgetsNorRepeatsAnOpenAlert() {
        Instant t = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        device.publish("telemed/v1/devices/oxi-4/readings", """
                {"msgId": "restart-1", "ts": "%s", "type": "spo2", "value": 85, "unit": "%%"}""".formatted(t));
        Await.until("red SpO2 raised", WAIT, () -> events("nord-akut", "p-restart").size() == 1);
        Await.until("the raised state recorded", WAIT,
                () -> influx.count(DB, "SELECT count(alert_id) FROM alerts WHERE patient = 'p-restart'") == 1);
        String alertId = events("nord-akut", "p-restart").get(0).path("alertId").asText();

        gateway.terminate();
        gateway = GatewayProcess.start(dir, env);
        Await.until("gateway ready again", WAIT, () -> gateway.get("/ready") == 200);
        Await.until("the open alert rebuilt", WAIT, () -> gateway.log().contains("rules ready: "));
        assertThat(gateway.log()).doesNotContain("rules ready: 0 open alerts");

        device.publish("telemed/v1/devices/oxi-4/readings", """
                {"msgId": "restart-2", "ts": "%s", "type": "spo2", "value": 84, "unit": "%%"}""".formatted(t.plusSeconds(60)));
        device.publish("telemed/v1/devices/oxi-4/readings", """
                {"msgId": "restart-3", "ts": "%s", "type": "spo2", "value": 93, "unit": "%%"}""".formatted(t.plusSeconds(90)));
        Await.until("resolved after the restart", WAIT, () -> events("nord-akut", "p-restart").size() >= 2);
        assertThat(events("nord-akut", "p-restart")).extracting(e -> e.path("event").asText() + " " + e.path("alertId").asText())
                .containsExactly("raised " + alertId, "resolved " + alertId);
    }

    @Test
    void aLowBatteryIsATechnicalAlertForTheTechnicalTeam() {
        device.publish("telemed/v1/devices/gluco-3/status", "{\"online\": true, \"battery\": 9}");
        Await.until("battery alert to teknik", WAIT, () -> !events("teknik", "p-diab").isEmpty());
        JsonNode e = events("teknik", "p-diab").get(0);
        assertThat(e.path("rule").asText()).isEqualTo("device.battery.low");
        assertThat(e.path("type").asText()).isEqualTo("device");
        assertThat(e.path("severity").asText()).isEqualTo("yellow");
        device.publish("telemed/v1/devices/gluco-3/status", "{\"online\": true, \"battery\": 95}");
        Await.until("battery alert resolved", WAIT, () -> events("teknik", "p-diab").size() == 2);
        assertThat(events("teknik", "p-diab").get(1).path("event").asText()).isEqualTo("resolved");
    }

    static long stored(String where) {
        return influx.count(DB, "SELECT count(value) FROM readings WHERE " + where);
    }

    static List<JsonNode> events(String careTeam, String patient) {
        String topic = "telemed/v1/alerts/" + careTeam + "/" + patient;
        return nurses.received().stream().filter(r -> r.topic().equals(topic)).map(r -> read(r.text())).toList();
    }

    static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
