package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestTls;
import dk.telemed.testsupport.TestUsers;
import dk.telemed.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook receivers' TLS certificates are verified: a receiver whose certificate is signed by
 * a CA the gateway does not trust gets nothing, and /api/webhooks says why; the same kind of
 * receiver is delivered to once its webhook names that CA in caFile.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebhookTlsIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    /** /api/webhooks needs a session like all of /api/; the operator here is an admin. */
    static final TestUsers USERS = new TestUsers().add("ops", "admin");
    static final String REGISTRY = """
            patients:
              - id: p-0301
                careTeam: nord-akut
                conditions: [copd]
                devices: [oxi-0301]
            """;

    @Test
    void anUntrustedCertificateIsRefusedAndAConfiguredCaIsTrusted() throws Exception {
        Path dir = Path.of("target/it/WebhookTlsIT").toAbsolutePath();
        // A self-signed CA of the receiver's own, made for this test and unknown to the JVM.
        Path certificates = TestTls.makeCertificates(dir.resolve("receiver-tls-" + System.nanoTime()));
        try (TestStack stack = TestStack.start(dir, REGISTRY);
             WebhookReceiver untrusted = WebhookReceiver.startHttps("untrusted", certificates);
             WebhookReceiver trusted = WebhookReceiver.startHttps("trusted", certificates)) {
            Path config = Files.writeString(dir.resolve("gateway-webhooks.yaml"), """
                    webhooks:
                      - name: untrusted
                        url: %s
                        secrets: [tls-it-secret]
                      - name: trusted
                        url: %s
                        secrets: [tls-it-secret]
                        caFile: %s
                    """.formatted(untrusted.url(), trusted.url(), certificates.resolve("ca.crt")));
            GatewayProcess gateway = stack.track(stack.gateway("webhook-tls-it").config(config).users(USERS.write(dir)).start());
            Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);
            ApiClient ops = new ApiClient(gateway.url()).signIn("ops", USERS.password("ops"));

            try (MqttTestClient device = MqttTestClient.connect(stack.broker().url(), "webhook-tls-it-device")) {
                device.publish("telemed/v1/devices/oxi-0301/readings", """
                        {"msgId": "tls-1", "ts": "%s", "type": "spo2", "value": 80, "unit": "%%"}"""
                        .formatted(Instant.now().minus(1, ChronoUnit.MINUTES)));
            }
            Await.until("the trusted receiver gets the alert", WAIT, () -> !trusted.requests().isEmpty());
            Await.until("the untrusted receiver's failure is listed", WAIT,
                    () -> !receiver(ops, "untrusted").path("lastError").isNull()
                            && receiver(ops, "untrusted").path("lastError").isObject());
            String reason = receiver(ops, "untrusted").path("lastError").path("reason").asText();
            assertThat(reason).containsIgnoringCase("certificat");
            assertThat(untrusted.requests()).isEmpty();
            assertThat(trusted.requests().get(0).text()).contains("\"patient\":\"p-0301\"");
            // The receiver has the request a moment before the gateway has its answer and counts it.
            Await.until("the trusted delivery counted", WAIT, () -> receiver(ops, "trusted").path("delivered").asLong() > 0);
        }
    }

    static JsonNode receiver(ApiClient ops, String name) {
        try {
            for (JsonNode r : JSON.readTree(ops.get("/api/webhooks").body()).path("receivers")) {
                if (name.equals(r.path("name").asText())) {
                    return r;
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no receiver " + name + " in /api/webhooks");
    }
}
