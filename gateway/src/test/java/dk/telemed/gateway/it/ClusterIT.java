package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.Closing;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.ProjectRoot;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import dk.telemed.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways on one shared subscription, as docs/reliability.md ("Several gateways")
 * describes: the broker splits every patient's messages between them, and still each alert
 * is raised once, resolved by a normal reading whichever gateway received it, delivered once
 * to the webhook, and acknowledged from either gateway's API.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class ClusterIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    static final ObjectMapper JSON = new ObjectMapper();
    static final int PATIENTS = 6;
    static final int ALARMING = 12;

    static TestStack stack;
    static WebhookReceiver hook;
    static TestUsers users;
    static GatewayProcess[] gateways = new GatewayProcess[2];
    static MqttTestClient nurses;
    static MqttTestClient device;

    @BeforeAll
    static void start() {
        Path dir = Path.of("target/it/ClusterIT");
        StringBuilder registry = new StringBuilder("patients:\n");
        for (String group : List.of("c", "k")) {
            for (int i = 0; i < PATIENTS; i++) {
                registry.append("  - { id: p-%s%d, careTeam: nord-akut, conditions: [copd], devices: [oxi-%s%d] }\n"
                        .formatted(group, i, group, i));
            }
        }
        stack = TestStack.start(dir, registry.toString());
        hook = WebhookReceiver.start("cluster-it");
        users = new TestUsers().add("nina", "nurse", new String[]{"nord-akut"});
        Path usersFile = users.write(dir);
        nurses = MqttTestClient.connect(stack.broker().url(), "cluster-it-nurses");
        nurses.subscribe("telemed/v1/alerts/#");
        for (int member = 0; member < 2; member++) {
            gateways[member] = stack.track(stack.gateway("cluster-it-" + member).users(usersFile)
                    .env("TELEMED_MQTT_SHARED_GROUP", "cluster-it")
                    .env("TELEMED_CLUSTER_MEMBERS", "2")
                    .env("TELEMED_CLUSTER_MEMBER", String.valueOf(member))
                    .env("TELEMED_WEBHOOK_URL", hook.url())
                    .env("TELEMED_WEBHOOK_SECRET", "cluster-it-secret")
                    .env("TELEMED_AUDIT_PATH", dir.resolve("audit-" + member + ".log").toAbsolutePath().toString())
                    .env("TELEMED_RULES_THRESHOLDS", ProjectRoot.config("thresholds.yaml").toAbsolutePath().toString())
                    .start());
        }
        for (GatewayProcess g : gateways) {
            Await.until("gateway ready", WAIT, () -> g.get("/ready") == 200);
        }
        device = MqttTestClient.connect(stack.broker().url(), "cluster-it-device");
    }

    @AfterAll
    static void stop() {
        Closing.all(device, nurses, hook, stack);
    }

    @Test
    void eachAlertIsRaisedOnceResolvedOnceAndDeliveredOnceWhileBothGatewaysShareEveryPatientsReadings() {
        assertThat(IntStream.range(0, PATIENTS).map(i -> Math.floorMod(("p-c" + i).hashCode(), 2)).distinct().count())
                .as("the patients are judged on both gateways").isEqualTo(2);
        String c = "c";
        Instant t0 = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        for (int n = 0; n < ALARMING; n++) {
            for (int i = 0; i < PATIENTS; i++) {
                publishSpo2(c, i, "alarm-" + n, t0.plusSeconds(n), 80);
            }
        }
        Await.until("every alarming reading stored", WAIT, () -> stack.stored("patient =~ /^p-c/") == (long) PATIENTS * ALARMING);
        Await.until("a red alert for every patient", WAIT, () -> events(c, "raised").size() >= PATIENTS);
        // One normal reading each: it resolves the alert whichever gateway the broker hands it to.
        for (int i = 0; i < PATIENTS; i++) {
            publishSpo2(c, i, "normal", t0.plusSeconds(ALARMING), 96);
        }
        Await.until("every alert resolved", WAIT, () -> events(c, "resolved").size() >= PATIENTS);

        for (GatewayProcess g : gateways) {
            assertThat(g.metric("telemed_readings_stored_total")).as("each gateway stored a share").isPositive();
        }
        // Resolved events are the last; anything raised twice would have had time to arrive too.
        Await.until("webhook deliveries", WAIT, () -> delivered(c).size() >= 2 * PATIENTS);
        for (int i = 0; i < PATIENTS; i++) {
            String patient = "p-c" + i;
            assertThat(events(c, "raised")).filteredOn(e -> e.path("patient").asText().equals(patient)).as("raised for " + patient)
                    .hasSize(1).allSatisfy(e -> assertThat(e.path("rule").asText()).isEqualTo("spo2.red.below"));
            assertThat(events(c, "resolved")).filteredOn(e -> e.path("patient").asText().equals(patient)).as("resolved for " + patient)
                    .hasSize(1);
        }
        assertThat(delivered(c)).as("each event delivered to the webhook once").hasSize(2 * PATIENTS);
        assertThat(delivered(c).stream().map(WebhookReceiver.Request::id).distinct()).hasSize(2 * PATIENTS);
    }

    @Test
    void aNurseOnEitherGatewaySeesEveryOpenAlertAndAcknowledgesOneTheOtherGatewayHolds() {
        String k = "k";
        int patient = 0;
        int owner = Math.floorMod(("p-k" + patient).hashCode(), 2);
        GatewayProcess other = gateways[1 - owner];
        Instant t = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < PATIENTS; i++) {
            publishSpo2(k, i, "ack", t, 79);
        }
        ApiClient nina = new ApiClient(other.url()).signIn("nina", users.password("nina"));
        List<JsonNode> open = new ArrayList<>();
        Await.until("every patient's open alert listed on one gateway", WAIT, () -> {
            open.clear();
            nina.get("/api/alerts?state=open").json().forEach(a -> {
                if (a.path("patient").asText().startsWith("p-k")) {
                    open.add(a);
                }
            });
            return open.stream().map(a -> a.path("patient").asText()).distinct().count() == PATIENTS;
        });
        String alertId = open.stream().filter(a -> a.path("patient").asText().equals("p-k" + patient)).findFirst()
                .orElseThrow().path("alertId").asText();

        ApiClient.Response ack = nina.post("/api/alerts/" + alertId + "/ack", "{\"note\": \"Rang her; oxygen adjusted\"}");

        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        assertThat(ack.json().path("state").asText()).isEqualTo("acknowledged");
        assertThat(ack.json().path("acknowledgedBy").asText()).isEqualTo("nina");
        Await.until("the acknowledged event", WAIT, () -> events(k, "acknowledged").stream()
                .anyMatch(e -> e.path("alertId").asText().equals(alertId)));
        assertThat(events(k, "acknowledged")).filteredOn(e -> e.path("alertId").asText().equals(alertId)).hasSize(1)
                .allSatisfy(e -> assertThat(e.path("acknowledgedBy").asText()).isEqualTo("nina"));
        ApiClient onOwner = new ApiClient(gateways[owner].url()).signIn("nina", users.password("nina"));
        Await.until("the owner lists it as acknowledged", WAIT, () -> {
            for (JsonNode a : onOwner.get("/api/alerts?state=open").json()) {
                if (a.path("alertId").asText().equals(alertId)) {
                    return a.path("state").asText().equals("acknowledged");
                }
            }
            return false;
        });
        assertThat(nina.post("/api/alerts/" + alertId + "/ack", "{}").status()).as("already acknowledged").isEqualTo(409);
    }

    private static void publishSpo2(String group, int patient, String msgId, Instant ts, double value) {
        device.publish("telemed/v1/devices/oxi-" + group + patient + "/readings", """
                {"msgId": "%s-%s%d", "ts": "%s", "type": "spo2", "value": %s, "unit": "%%"}""".formatted(msgId, group, patient, ts, value));
    }

    /** The webhook's requests about the patients of one group. */
    private static List<WebhookReceiver.Request> delivered(String group) {
        return hook.requests(r -> r.text().contains("\"patient\":\"p-" + group));
    }

    /** Alert events on MQTT about the patients of one group. */
    private static List<JsonNode> events(String group, String event) {
        List<JsonNode> events = new ArrayList<>();
        for (MqttTestClient.Received r : nurses.received()) {
            try {
                JsonNode e = JSON.readTree(r.payload());
                if (e.path("event").asText().equals(event) && e.path("patient").asText().startsWith("p-" + group)) {
                    events.add(e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }
}
