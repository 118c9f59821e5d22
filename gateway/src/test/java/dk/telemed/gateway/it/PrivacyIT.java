package dk.telemed.gateway.it;

import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.Series;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pseudonymity end to end: the registry gives patients names and CPR numbers; after a run with
 * readings, alerts and rejections, none of them is in anything that left the registry: every
 * series of every measurement in InfluxDB, the gateway's log, every MQTT message on the broker,
 * every webhook body.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PrivacyIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<String> IDENTIFIERS = List.of(
            "Karen Østergaard-Jensen", "Østergaard", "Karen",
            "Mads Brønnum", "Brønnum",
            "230458-7391", "2304587391", "120199-4418", "1201994418");
    static final String REGISTRY = """
            patients:
              - id: p-0201
                displayName: Karen Østergaard-Jensen
                cpr: "230458-7391"
                careTeam: nord-akut
                conditions: [copd]
                devices: [oxi-0201]
              - id: p-0202
                displayName: Mads Brønnum
                cpr: "120199-4418"
                careTeam: syd
                conditions: [diabetes]
                devices: [gluco-0202]
            """;

    @Test
    void noNameOrCprNumberLeavesTheRegistry() {
        try (TestStack stack = TestStack.start(Path.of("target/it/PrivacyIT"), REGISTRY);
             WebhookReceiver receiver = WebhookReceiver.start("privacy");
             MqttTestClient everything = MqttTestClient.connect(stack.broker().url(), "privacy-it-all")) {
            everything.subscribe("#");
            GatewayProcess gateway = stack.startGateway("privacy-it", Map.of(
                    "TELEMED_WEBHOOK_URL", receiver.url(), "TELEMED_WEBHOOK_SECRET", "privacy-it-secret"));
            Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);

            Instant ts = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
            try (MqttTestClient devices = MqttTestClient.connect(stack.broker().url(), "privacy-it-devices")) {
                devices.publish("telemed/v1/devices/oxi-0201/readings", """
                        {"msgId": "pv-1", "ts": "%s", "type": "spo2", "value": 80, "unit": "%%"}""".formatted(ts));
                devices.publish("telemed/v1/devices/oxi-0201/readings", """
                        {"msgId": "pv-2", "ts": "%s", "type": "pulse", "value": 72, "unit": "/min"}""".formatted(ts));
                devices.publish("telemed/v1/devices/gluco-0202/readings", """
                        {"msgId": "pv-3", "ts": "%s", "type": "glucose", "value": "LO", "unit": "mmol/L"}""".formatted(ts));
                devices.publish("telemed/v1/devices/gluco-0202/readings", """
                        {"msgId": "pv-4", "ts": "%s", "type": "glucose", "value": 5.5, "unit": "mmHg"}""".formatted(ts));
                devices.publish("telemed/v1/devices/gluco-0202/status", "{\"battery\": 5}");
            }
            Await.until("alerts delivered to the webhook and a rejection published", WAIT,
                    () -> receiver.requests().stream().anyMatch(r -> r.text().contains("\"patient\":\"p-0201\""))
                            && receiver.requests().stream().anyMatch(r -> r.text().contains("\"patient\":\"p-0202\""))
                            && topics(everything).stream().anyMatch(t -> t.startsWith("telemed/v1/rejected/"))
                            && topics(everything).stream().filter(t -> t.startsWith("telemed/v1/alerts/")).count() >= 2
                            && stack.influx().count(TestStack.DB, "SELECT count(alert_id) FROM alerts") >= 2);

            StringBuilder influx = new StringBuilder();
            int series = 0;
            List<Series> measurements = stack.influx().querySeries(TestStack.DB, "SHOW MEASUREMENTS");
            List<String> names = new ArrayList<>();
            measurements.forEach(m -> m.values().forEach(row -> names.add(String.valueOf(row.get(0)))));
            for (String measurement : names) {
                for (Series s : stack.influx().querySeries(TestStack.DB,
                        "SELECT * FROM \"" + measurement + "\" GROUP BY *")) {
                    influx.append(s).append('\n');
                    series++;
                }
            }
            stack.influx().querySeries(TestStack.DB, "SHOW SERIES").forEach(s -> influx.append(s).append('\n'));
            StringBuilder mqtt = new StringBuilder();
            everything.received().forEach(m -> mqtt.append(m.topic()).append(' ').append(m.text()).append('\n'));
            StringBuilder webhooks = new StringBuilder();
            receiver.requests().forEach(r -> webhooks.append(r.text()).append('\n'));
            String log = gateway.log();

            // The scan saw the data it is about, so it cannot pass on nothing.
            assertThat(names).contains("readings", "alerts");
            assertThat(series).isGreaterThanOrEqualTo(3);
            assertThat(influx).contains("p-0201").contains("p-0202");
            assertThat(mqtt).contains("telemed/v1/alerts/nord-akut/p-0201").contains("telemed/v1/rejected/gluco-0202")
                    .contains("telemed/v1/devices/oxi-0201/readings");
            assertThat(webhooks).contains("\"patient\":\"p-0201\"");
            assertThat(log).contains("p-020");
            for (String identifier : IDENTIFIERS) {
                assertThat(influx).as("InfluxDB").doesNotContain(identifier);
                assertThat(mqtt).as("MQTT messages").doesNotContain(identifier);
                assertThat(webhooks).as("webhook bodies").doesNotContain(identifier);
                assertThat(log).as("gateway log").doesNotContain(identifier);
                assertThat(gateway.getBody("/metrics")).as("metrics").doesNotContain(identifier);
            }
        }
    }

    private static List<String> topics(MqttTestClient client) {
        return client.received().stream().map(MqttTestClient.Received::topic).toList();
    }
}
