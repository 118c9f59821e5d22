package dk.telemed.gateway.it;

import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.BrokerSecurity;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on the secure setup the demo runs: devices over TLS with the project CA, the
 * gateway on the broker's loopback listener with its own account, InfluxDB with
 * authentication and a non-admin gateway user. Its secrets never show in its log, /metrics,
 * /ready or a configuration error.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SecureStackIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SECRET = "Gw-Secret-" + System.nanoTime();
    static final String DEVICE_PASSWORD = "dev-" + System.nanoTime();
    static final String REGISTRY = """
            patients:
              - id: p-0101
                careTeam: nord-akut
                conditions: [copd]
                devices: [oxi-0101]
            """;

    static TestStack stack;
    static GatewayProcess gateway;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        stack = TestStack.startSecure(Path.of("target/it/SecureStackIT"), REGISTRY,
                BrokerSecurity.create().account("oxi-0101", DEVICE_PASSWORD), SECRET);
        receiver = WebhookReceiver.start("secure-it");
        gateway = stack.startGateway("secure-it", Map.of(
                "TELEMED_WEBHOOK_URL", receiver.url(), "TELEMED_WEBHOOK_SECRET", "secure-it-webhook-secret"));
        Await.until("gateway ready on the secure stack", WAIT, () -> gateway.get("/ready") == 200);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void readingsFlowFromADeviceOverTlsToTheAuthenticatedStore() {
        Instant ts = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        try (MqttTestClient device = MqttTestClient.connect(stack.broker().tlsUrl(), "oxi-0101-it", "oxi-0101",
                DEVICE_PASSWORD, stack.broker().caFile())) {
            device.publish("telemed/v1/devices/oxi-0101/readings", """
                    {"msgId": "s-1", "ts": "%s", "type": "spo2", "value": 95, "unit": "%%"}""".formatted(ts));
        }
        Await.until("the reading is stored", WAIT, () -> stack.stored("patient = 'p-0101' AND time = '" + ts + "'") == 1);
        assertThat(gateway.log()).contains("connected to broker " + stack.broker().url());
    }

    /** The alert goes out over the gateway's account, and each webhook's own session uses it too. */
    @Test
    void anAlertReachesItsWebhookThroughTheSecureBroker() {
        Instant ts = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        try (MqttTestClient device = MqttTestClient.connect(stack.broker().tlsUrl(), "oxi-0101-alert-it", "oxi-0101",
                DEVICE_PASSWORD, stack.broker().caFile())) {
            device.publish("telemed/v1/devices/oxi-0101/readings", """
                    {"msgId": "s-2", "ts": "%s", "type": "spo2", "value": 80, "unit": "%%"}""".formatted(ts));
        }
        Await.until("the red alert reaches the webhook", WAIT,
                () -> receiver.requests().stream().anyMatch(r -> r.text().contains("\"patient\":\"p-0101\"")));
    }

    @Test
    void noSecretInTheLogMetricsOrReady() throws IOException {
        assertThat(gateway.getBody("/ready")).contains("ready").doesNotContain(SECRET);
        assertThat(gateway.getBody("/metrics")).contains("telemed_").doesNotContain(SECRET);
        assertThat(gateway.log()).isNotBlank().doesNotContain(SECRET);
        // The committed configuration holds no secret either: config/ has no password, and the
        // only keys it names are documented as empty placeholders.
        try (Stream<Path> files = Files.list(projectRoot().resolve("config"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                assertThat(text).as(f.toString()).doesNotContain(SECRET).doesNotContain("BEGIN PRIVATE KEY")
                        .doesNotContainPattern("(?m)^\\s*password:\\s*\\S*[^\"\\s]\\S*\\s*$");
            }
        }
    }

    @Test
    void aWrongInfluxPasswordMakesReadySayWhyWithoutThePassword() {
        String wrong = "Wrong-" + SECRET;
        GatewayProcess bad = stack.startGateway("secure-it-wrong", Map.of("TELEMED_INFLUX_PASSWORD", wrong));
        Await.until("/ready names InfluxDB's refusal", WAIT,
                () -> bad.get("/ready") == 503 && bad.getBody("/ready").contains("authorization failed"));
        String ready = bad.getBody("/ready");
        assertThat(ready).contains("influx").contains("check influx.username and influx.password")
                .doesNotContain(wrong).doesNotContain(SECRET);
        assertThat(bad.log()).doesNotContain(wrong).doesNotContain(SECRET);
        bad.terminate();
    }

    @Test
    void aConfigurationErrorDoesNotRepeatTheSecret() {
        GatewayProcess refused = stack.gateway("secure-it-bad-config")
                .env(Map.of("TELEMED_MQTT_PASSWORD", SECRET, "TELEMED_INFLUX_CA_FILE", "/nonexistent/ca.pem"))
                .launch();
        assertThat(refused.waitForExit(WAIT)).isTrue();
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.log()).contains("mqtt.passwordFile: set either mqtt.password or mqtt.passwordFile, not both")
                .contains("influx.caFile").doesNotContain(SECRET);
    }

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("config"))) {
            dir = dir.getParent();
        }
        return List.of(dir).get(0);
    }
}
