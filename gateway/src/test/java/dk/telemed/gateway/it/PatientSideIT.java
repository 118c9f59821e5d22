package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.Closing;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.ProjectRoot;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The patient's side end to end on real Mosquitto, InfluxDB and the packaged gateway: symptom
 * responses validated, stored once and judged with the readings (a yellow answer and a yellow
 * SpO2 make one red alert), and the device told after every reading and response, and when a
 * nurse has seen the alert. A hub's backlog gets the latest, most urgent word about once an
 * interval (feedback.readingsIntervalMs), not a message per reading.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PatientSideIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REGISTRY = """
            patients:
              - { id: p-0001, careTeam: nord-akut, conditions: [copd], devices: [hub-0001] }
              - { id: p-0002, careTeam: nord-akut, conditions: [diabetes], devices: [hub-0002] }
              - { id: p-0003, careTeam: nord-akut, conditions: [copd], devices: [hub-0003] }
              - { id: p-0004, careTeam: nord-akut, conditions: [copd], devices: [hub-0004] }
              - { id: p-0005, careTeam: nord-akut, conditions: [diabetes], devices: [hub-0005] }
            """;

    static TestStack stack;
    static GatewayProcess gateway;
    static MqttTestClient hub;
    static MqttTestClient watcher;
    static TestUsers users;
    static ApiClient nina;

    @BeforeAll
    static void start() {
        Path dir = Path.of("target/it/PatientSideIT");
        stack = TestStack.start(dir, REGISTRY);
        users = new TestUsers().add("nina", "nurse", "nord-akut");
        watcher = MqttTestClient.connect(stack.broker().url(), "patient-it-watcher");
        watcher.subscribe("telemed/v1/rejected/#");
        watcher.subscribe("telemed/v1/alerts/#");
        watcher.subscribe("telemed/v1/devices/+/feedback");
        gateway = stack.track(stack.gateway("patient-it").users(users.write(dir))
                .env("TELEMED_QUESTIONNAIRES_PATH", ProjectRoot.config("questionnaires.yaml").toAbsolutePath().toString())
                .env("TELEMED_FEEDBACK_PATH", ProjectRoot.config("feedback.yaml").toAbsolutePath().toString())
                .env("TELEMED_RULES_THRESHOLDS", ProjectRoot.config("thresholds.yaml").toAbsolutePath().toString())
                .start());
        Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);
        nina = new ApiClient(gateway.url()).signIn("nina", users.password("nina"));
        hub = MqttTestClient.connect(stack.broker().url(), "patient-it-hub");
    }

    @AfterAll
    static void stop() {
        Closing.all(hub, watcher, stack);
    }

    static String daily(String msgId, Instant at, boolean breathless, boolean sputum, String colour) {
        return """
                {"msgId": "%s", "questionnaire": "copd-daily", "version": 1, "answeredAt": "%s",
                 "answers": {"breathless": %s, "cough": false, "sputum_more": %s, "sputum_colour": "%s"}}"""
                .formatted(msgId, at, breathless, sputum, colour);
    }

    static List<JsonNode> on(String topicPrefix) {
        return watcher.received().stream().filter(m -> m.topic().startsWith(topicPrefix)).map(m -> {
            try {
                return JSON.readTree(m.payload());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    static long totals(String patient) {
        return stack.influx().count(TestStack.DB, "SELECT count(score) FROM responses WHERE item = '_total' AND patient = '" + patient + "'");
    }

    @Test
    void aResponseIsStoredOnceUnderRedeliveryAndTheHubIsToldOnce() {
        Instant at = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        String body = daily("calm-1", at, false, false, "white");
        hub.publish("telemed/v1/devices/hub-0003/responses", body);
        hub.publish("telemed/v1/devices/hub-0003/responses", body);
        // A later message of the same hub: once its feedback is out, the redelivered one was handled too.
        hub.publish("telemed/v1/devices/hub-0003/responses", daily("calm-2", at.plusSeconds(60), false, false, "clear"));
        Await.until("the second response's feedback", WAIT, () -> on("telemed/v1/devices/hub-0003/feedback").stream()
                .anyMatch(f -> f.path("msgId").asText().equals("calm-2")));
        assertThat(totals("p-0003")).isEqualTo(2);
        assertThat(stack.influx().count(TestStack.DB, "SELECT count(value) FROM responses WHERE patient = 'p-0003' AND item = 'breathless'"))
                .isEqualTo(2);
        List<JsonNode> told = on("telemed/v1/devices/hub-0003/feedback");
        assertThat(told).filteredOn(f -> f.path("msgId").asText().equals("calm-1")).singleElement().satisfies(f -> {
            assertThat(f.path("kind").asText()).isEqualTo("response");
            assertThat(f.path("status").asText()).isEqualTo("normal");
            assertThat(f.path("text").asText()).isEqualTo("Tak for dine svar. De er modtaget.");
        });
        List<List<Object>> stored = stack.influx().query(TestStack.DB,
                "SELECT answer, value FROM responses WHERE patient = 'p-0003' AND item = 'sputum_colour' ORDER BY time ASC");
        assertThat(stored).extracting(r -> r.get(1)).containsExactly("white", "clear");
    }

    @Test
    void eachBadResponseIsRejectedWithItsCode() {
        Instant at = Instant.now().minus(1, ChronoUnit.MINUTES);
        String good = daily("bad-0", at, true, false, "white");
        hub.publish("telemed/v1/devices/hub-0004/responses", good.replace("bad-0", "bad-1").replace("copd-daily", "copd-weekly"));
        hub.publish("telemed/v1/devices/hub-0004/responses", good.replace("bad-0", "bad-2").replace("\"cough\"", "\"wheeze\": true, \"cough\""));
        hub.publish("telemed/v1/devices/hub-0004/responses", good.replace("bad-0", "bad-3").replace("\"white\"", "\"purple\""));
        hub.publish("telemed/v1/devices/hub-0004/responses", """
                {"msgId": "bad-4", "questionnaire": "copd-cat", "version": 1, "answeredAt": "%s", "answers": {"cat_cough": 9,
                 "cat_phlegm": 1, "cat_chest": 1, "cat_breathless": 1, "cat_activities": 1, "cat_confidence": 1, "cat_sleep": 1, "cat_energy": 1}}"""
                .formatted(at));
        hub.publish("telemed/v1/devices/hub-0004/responses", good.replace("bad-0", "bad-5").replace("\"cough\": false, ", ""));
        hub.publish("telemed/v1/devices/hub-9999/responses", good.replace("bad-0", "bad-6"));
        Await.until("six rejections", WAIT, () -> on("telemed/v1/rejected/").stream().filter(r -> r.path("msgId").asText().startsWith("bad-")).count() >= 6);
        assertThat(on("telemed/v1/rejected/")).filteredOn(r -> r.path("msgId").asText().startsWith("bad-"))
                .extracting(r -> r.path("msgId").asText() + " " + r.path("code").asText())
                .containsExactlyInAnyOrder("bad-1 unknown_questionnaire", "bad-2 unknown_item", "bad-3 bad_answer", "bad-4 out_of_range",
                        "bad-5 missing_answer", "bad-6 unknown_device");
        assertThat(totals("p-0004")).isZero();
        assertThat(gateway.get("/metrics")).isEqualTo(200);
    }

    @Test
    void aYellowAnswerAndAYellowSpo2AreOneRedAlertAndTheNurseSeeingItReachesTheHub() throws Exception {
        Instant answered = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        hub.publish("telemed/v1/devices/hub-0001/responses", daily("yellow-1", answered, true, true, "white"));
        Await.until("the symptom alert", WAIT, () -> on("telemed/v1/alerts/nord-akut/p-0001").stream()
                .anyMatch(a -> a.path("rule").asText().equals("copd-daily.anthonisen.yellow")));
        // COPD: SpO2 89 % is yellow (below 90) on the second reading in a row.
        Instant measured = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 2; i++) {
            hub.publish("telemed/v1/devices/hub-0001/readings", "{\"msgId\": \"spo2-%d\", \"ts\": %d, \"type\": \"spo2\", \"value\": 89, \"unit\": \"%%\"}"
                    .formatted(i, measured.plusSeconds(i * 60L).toEpochMilli()));
        }
        Await.until("the combined red alert", WAIT, () -> on("telemed/v1/alerts/nord-akut/p-0001").stream()
                .anyMatch(a -> a.path("rule").asText().equals("symptoms+spo2.red")));
        JsonNode combined = on("telemed/v1/alerts/nord-akut/p-0001").stream()
                .filter(a -> a.path("rule").asText().equals("symptoms+spo2.red")).findFirst().orElseThrow();
        assertThat(combined.path("type").asText()).isEqualTo("symptoms");
        assertThat(combined.path("severity").asText()).isEqualTo("red");
        assertThat(combined.path("message").asText()).startsWith("Symptoms and saturation together within 24 h");

        List<JsonNode> told = on("telemed/v1/devices/hub-0001/feedback");
        assertThat(told).anySatisfy(f -> {
            assertThat(f.path("kind").asText()).isEqualTo("response");
            assertThat(f.path("status").asText()).isEqualTo("yellow");
        });
        assertThat(told).filteredOn(f -> f.path("kind").asText().equals("reading")).isNotEmpty()
                .allSatisfy(f -> assertThat(f.path("status").asText()).isEqualTo("yellow"));

        ApiClient.Response ack = nina.post("/api/alerts/" + combined.path("alertId").asText() + "/ack",
                "{\"note\": \"ringet op, aftalt besøg\", \"patientNote\": \"Vi kommer forbi i dag.\"}");
        assertThat(ack.status()).isEqualTo(200);
        Await.until("the hub hears the care team has seen it", WAIT, () -> on("telemed/v1/devices/hub-0001/feedback").stream()
                .anyMatch(f -> f.path("kind").asText().equals("seen")));
        JsonNode seen = on("telemed/v1/devices/hub-0001/feedback").stream().filter(f -> f.path("kind").asText().equals("seen")).findFirst().orElseThrow();
        assertThat(seen.path("text").asText()).startsWith("Dit plejeteam har set din måling og dine svar").endsWith("Besked fra dit plejeteam: Vi kommer forbi i dag.");
        assertThat(seen.toString()).doesNotContain("ringet op", "nina", combined.path("alertId").asText(), "p-0001");
    }

    @Test
    void aRedReadingGetsAdviceWithTheTeamsPhoneAndANormalOneIsReceived() {
        Instant t = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        hub.publish("telemed/v1/devices/hub-0002/readings", "{\"msgId\": \"g-1\", \"ts\": %d, \"type\": \"glucose\", \"value\": 6.1, \"unit\": \"mmol/L\"}"
                .formatted(t.toEpochMilli()));
        hub.publish("telemed/v1/devices/hub-0002/readings", "{\"msgId\": \"g-2\", \"ts\": %d, \"type\": \"glucose\", \"value\": 2.5, \"unit\": \"mmol/L\"}"
                .formatted(t.plusSeconds(30).toEpochMilli()));
        Await.until("two readings' feedback", WAIT, () -> on("telemed/v1/devices/hub-0002/feedback").size() >= 2);
        List<JsonNode> told = on("telemed/v1/devices/hub-0002/feedback");
        assertThat(told.get(0).path("status").asText()).isEqualTo("normal");
        assertThat(told.get(1).path("status").asText()).isEqualTo("red");
        assertThat(told.get(1).path("text").asText()).contains("Your blood sugar is too low", "+45 99 99 12 34", "every day 8 am to 10 pm");
        assertThat(told.get(1).path("lang").asText()).as("p-0002 reads English (config/feedback.yaml)").isEqualTo("en");
    }

    @Test
    void aHubsBacklogHearsItsFirstWordTheRedAtOnceAndThenOnlyItsLatest() {
        String topic = "telemed/v1/devices/hub-0005/feedback";
        // The other tests' devices may still have a word waiting for its interval: the counts below are this hub's alone.
        Await.until("no other device's feedback pending", WAIT, () -> gateway.metric("telemed_feedback_readings_pending") == 0);
        double sentBefore = gateway.metric("telemed_feedback_readings_sent_total");
        double replacedBefore = gateway.metric("telemed_feedback_readings_replaced_total");
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        // That the red word skips the interval is FeedbackOutboxTest's, on timers it runs itself.
        for (int i = 0; i < 30; i++) {
            if (i == 16) {
                Await.until("the red word", WAIT, () -> on(topic).size() >= 2);
            }
            double value = i == 15 ? 2.5 : 6.1;
            hub.publish("telemed/v1/devices/hub-0005/readings", "{\"msgId\": \"b-%d\", \"ts\": %d, \"type\": \"glucose\", \"value\": %s, \"unit\": \"mmol/L\"}"
                    .formatted(i, t.plusSeconds(60L * i).toEpochMilli(), value));
        }
        Await.until("the latest word once the interval has passed", WAIT, () -> on(topic).size() >= 3);
        Await.until("every reading's feedback counted, sent or replaced, and nothing pending", WAIT,
                () -> gateway.metric("telemed_feedback_readings_sent_total") - sentBefore
                        + gateway.metric("telemed_feedback_readings_replaced_total") - replacedBefore >= 30
                        && gateway.metric("telemed_feedback_readings_pending") == 0);
        assertThat(on(topic)).extracting(f -> f.path("status").asText()).containsExactly("normal", "red", "normal");
        assertThat(gateway.metric("telemed_feedback_readings_sent_total") - sentBefore).isEqualTo(3);
        assertThat(gateway.metric("telemed_feedback_readings_replaced_total") - replacedBefore).isEqualTo(27);
    }
}
