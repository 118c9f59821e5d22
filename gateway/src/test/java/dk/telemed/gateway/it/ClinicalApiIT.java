package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.Closing;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.ProjectRoot;
import dk.telemed.testsupport.ServerSentEvents;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinical API end to end: readings published to a real Mosquitto reach the packaged
 * gateway and InfluxDB, and nurses and clinicians signed in over HTTP see, acknowledge and
 * change what the rules made of them.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClinicalApiIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REGISTRY = """
            patients:
              - { id: p-hypo,  careTeam: nord-akut, conditions: [diabetes], devices: [gluco-1] }
              - { id: p-calm,  careTeam: nord-akut, conditions: [diabetes], devices: [gluco-2] }
              - { id: p-ack,   careTeam: nord-akut, conditions: [diabetes], devices: [gluco-3] }
              - { id: p-long,  careTeam: nord-akut, conditions: [copd],     devices: [oxi-4] }
              - { id: p-thr,   careTeam: nord-akut, conditions: [copd],     devices: [oxi-5] }
              - { id: p-syd,   careTeam: syd,       conditions: [diabetes], devices: [gluco-6] }
            """;

    static TestStack stack;
    static GatewayProcess gateway;
    static TestUsers users;
    static Path auditLog;
    static Path usersFile;
    static MqttTestClient device;
    static MqttTestClient nurses;
    static ApiClient nina;
    static ApiClient clara;
    static ApiClient sofie;

    @BeforeAll
    static void start() {
        Path dir = Path.of("target/it/ClinicalApiIT");
        stack = TestStack.start(dir, REGISTRY);
        users = new TestUsers().add("nina", "nurse", new String[]{"nord-akut"}).add("clara", "clinician", new String[]{"nord-akut"})
                .add("sofie", "nurse", new String[]{"syd"}).add("adam", "admin", new String[0]);
        auditLog = dir.resolve("audit.log").toAbsolutePath();
        nurses = MqttTestClient.connect(stack.broker().url(), "clinical-it-nurses");
        nurses.subscribe("telemed/v1/alerts/#");
        usersFile = users.write(dir);
        startGateway();
        device = MqttTestClient.connect(stack.broker().url(), "clinical-it-device");
    }

    static void startGateway() {
        gateway = stack.track(stack.gateway("clinical-it").users(usersFile)
                .env("TELEMED_AUDIT_PATH", auditLog.toString())
                .env("TELEMED_RULES_THRESHOLDS", ProjectRoot.config("thresholds.yaml").toAbsolutePath().toString())
                .start());
        Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);
        nina = new ApiClient(gateway.url()).signIn("nina", users.password("nina"));
        clara = new ApiClient(gateway.url()).signIn("clara", users.password("clara"));
        sofie = new ApiClient(gateway.url()).signIn("sofie", users.password("sofie"));
    }

    @AfterAll
    static void stop() {
        Closing.all(device, nurses, stack);
    }

    @Test
    void aHypoPutsThePatientFirstAndRedWithTheAlertThatSaysWhyAndTheLiveStreamTellsAtOnce() {
        try (ServerSentEvents events = ServerSentEvents.open(gateway.url() + "/api/events", cookie(nina))) {
            assertThat(events.status()).isEqualTo(200);
            Instant t = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
            glucose("gluco-2", "calm-1", t, 6.2);
            glucose("gluco-1", "hypo-1", t, 2.6);

            Await.until("p-hypo red and first", WAIT, () -> {
                JsonNode list = nina.get("/api/patients").json();
                return list.size() > 0 && list.get(0).path("id").asText().equals("p-hypo")
                        && list.get(0).path("status").asText().equals("red");
            });
            JsonNode list = nina.get("/api/patients").json();
            assertThat(list).extracting(p -> p.path("careTeam").asText()).containsOnly("nord-akut");
            JsonNode hypo = list.get(0);
            JsonNode alert = hypo.path("openAlerts").get(0);
            assertThat(alert.path("rule").asText()).isEqualTo("glucose.red.below");
            assertThat(alert.path("state").asText()).isEqualTo("raised");
            assertThat(alert.path("threshold").asDouble()).isEqualTo(3.0);
            assertThat(alert.path("message").asText()).contains("2.6").contains("below");
            assertThat(Instant.parse(alert.path("raisedAt").asText())).isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now());
            // Latest values are reused for api.latestCacheSeconds, so they may trail the alert by that long.
            Await.until("p-hypo's latest reading listed", WAIT, () -> row(nina.get("/api/patients").json(), "p-hypo")
                    .path("latest").path("glucose").path("value").asDouble() == 2.6);
            assertThat(row(nina.get("/api/patients").json(), "p-hypo").path("latest").path("glucose").path("unit").asText())
                    .isEqualTo("mmol/L");
            Await.until("p-calm's latest reading listed", WAIT, () -> row(nina.get("/api/patients").json(), "p-calm")
                    .path("latest").path("glucose").path("value").asDouble() == 6.2);
            assertThat(row(nina.get("/api/patients").json(), "p-calm").path("status").asText()).isEqualTo("green");

            Await.until("the alert on the live stream", WAIT, () -> events.named("alert").stream()
                    .anyMatch(e -> e.data().contains("\"patient\":\"p-hypo\"") && e.data().contains("\"state\":\"raised\"")));
            Await.until("the reading on the live stream", WAIT, () -> events.named("reading").stream()
                    .anyMatch(e -> e.data().contains("\"patient\":\"p-hypo\"") && e.data().contains("\"value\":2.6")));
        }
        JsonNode detail = nina.get("/api/patients/p-hypo").json();
        assertThat(detail.path("status").asText()).isEqualTo("red");
        assertThat(detail.path("devices").get(0).asText()).isEqualTo("gluco-1");
        assertThat(detail.path("thresholds").path("glucose").path("red").path("below").asDouble()).isEqualTo(3.0);
        assertThat(detail.path("thresholds").path("glucose").path("source").path("red.below").asText()).isEqualTo("default");
        JsonNode history = nina.get("/api/patients/p-hypo/alerts").json();
        assertThat(history.get(0).path("rule").asText()).isEqualTo("glucose.red.below");
    }

    @Test
    void acknowledgingNamesTheNurseOnTheAlertTheAlertTopicAndTheStore() {
        glucose("gluco-3", "ack-1", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS), 2.4);
        Await.until("p-ack's alert open", WAIT, () -> row(nina.get("/api/patients").json(), "p-ack").path("openAlerts").size() == 1);
        String alertId = row(nina.get("/api/patients").json(), "p-ack").path("openAlerts").get(0).path("alertId").asText();

        ApiClient.Response ack = nina.post("/api/alerts/" + alertId + "/ack", "{\"note\": \"Called her; she is eating\"}");
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        assertThat(ack.json().path("state").asText()).isEqualTo("acknowledged");
        assertThat(ack.json().path("acknowledgedBy").asText()).isEqualTo("nina");
        assertThat(ack.json().path("note").asText()).isEqualTo("Called her; she is eating");

        Await.until("the acknowledged event on the alert topic", WAIT, () -> nurses.received().stream()
                .filter(m -> m.topic().equals("telemed/v1/alerts/nord-akut/p-ack")).map(m -> json(m.text()))
                .anyMatch(e -> e.path("event").asText().equals("acknowledged") && e.path("acknowledgedBy").asText().equals("nina")));
        Await.until("acknowledged in the alerts measurement", WAIT, () -> !stack.influx().query(TestStack.DB,
                "SELECT state FROM alerts WHERE alert_id = '" + alertId + "' AND state = 'acknowledged'").isEmpty());
        JsonNode listed = nina.get("/api/alerts?state=open&careTeam=nord-akut").json();
        assertThat(listed).filteredOn(a -> a.path("alertId").asText().equals(alertId)).singleElement()
                .satisfies(a -> assertThat(a.path("acknowledgedBy").asText()).isEqualTo("nina"));

        ApiClient.Response again = clara.post("/api/alerts/" + alertId + "/ack", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("alert").path("acknowledgedBy").asText()).isEqualTo("nina");
        assertThat(nina.post("/api/alerts/no-such-alert/ack", "{}").status()).isEqualTo(404);
        // Another team's nurse: the alert's patient is answered like an unknown one.
        assertThat(sofie.post("/api/alerts/" + alertId + "/ack", "{}").status()).isEqualTo(404);
    }

    @Test
    void ninetyDaysOfFrequentReadingsComeBackAsAFewHundredMeans() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = now.minus(90, ChronoUnit.DAYS);
        StringBuilder lines = new StringBuilder();
        int written = 0;
        for (Instant t = start.plus(10, ChronoUnit.MINUTES); t.isBefore(now); t = t.plus(10, ChronoUnit.MINUTES)) {
            lines.append("readings,device=oxi-4,patient=p-long,type=spo2 value=").append(90 + written % 7)
                    .append(' ').append(TimeUnit.SECONDS.toNanos(t.getEpochSecond())).append('\n');
            if (++written % 5000 == 0) {
                stack.influx().write(TestStack.DB, lines.toString());
                lines.setLength(0);
            }
        }
        stack.influx().write(TestStack.DB, lines.toString());
        assertThat(written).isGreaterThan(12_000);

        JsonNode long90 = nina.get("/api/patients/p-long/readings?type=spo2&from=" + encode(start) + "&to=" + encode(now)).json();
        assertThat(long90.path("unit").asText()).isEqualTo("%");
        assertThat(long90.path("aggregate").asText()).isEqualTo("mean");
        assertThat(long90.path("points").size()).isBetween(300, 400);
        assertThat(long90.path("points").get(0).get(1).asDouble()).isBetween(90.0, 96.0);

        JsonNode hour = nina.get("/api/patients/p-long/readings?type=spo2&from=" + encode(now.minus(1, ChronoUnit.HOURS))
                + "&to=" + encode(now)).json();
        assertThat(hour.path("interval").isNull()).isTrue();
        assertThat(hour.path("points").size()).isBetween(5, 7);

        // The triage rows' sparklines: six-hour means of the last 14 days, one query for all patients.
        Await.until("p-long's sparkline", WAIT, () -> nina.get("/api/sparklines?days=14").json().path("p-long").path("spo2").size() >= 56);
        JsonNode sparklines = nina.get("/api/sparklines?days=14").json();
        assertThat(sparklines.path("p-long").path("spo2").size()).isBetween(56, 58);
        assertThat(sparklines.has("p-syd")).as("another team's patient").isFalse();
        assertThat(nina.get("/api/sparklines?days=0").status()).isEqualTo(400);
    }

    @Test
    void aClinicianSetsAThresholdAndTheNextReadingIsJudgedByItUntilCleared() {
        ApiClient.Response put = clara.put("/api/patients/p-thr/thresholds", "{\"spo2\": {\"red\": {\"below\": 94}, \"yellow\": {\"below\": 96}}}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("thresholds").path("spo2").path("red").path("below").asDouble()).isEqualTo(94.0);
        assertThat(put.json().path("thresholds").path("spo2").path("source").path("red.below").asText()).isEqualTo("patient");
        assertThat(put.json().path("settingsFrom").path("thresholds").asText()).isEqualTo("dashboard");
        assertThat(stack.influx().query(TestStack.DB, "SELECT changed_by FROM patient_settings WHERE patient = 'p-thr'"))
                .extracting(r -> r.get(1)).containsExactly("clara");

        device.publish("telemed/v1/devices/oxi-5/readings", """
                {"msgId": "thr-1", "ts": "%s", "type": "spo2", "value": 93, "unit": "%%"}"""
                .formatted(Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS)));
        // 93 % is in range by the COPD defaults; by the clinician's limit it is red.
        Await.until("a red alert by the new limit", WAIT, () -> nurses.received().stream()
                .filter(m -> m.topic().equals("telemed/v1/alerts/nord-akut/p-thr")).map(m -> json(m.text()))
                .anyMatch(e -> e.path("rule").asText().equals("spo2.red.below") && e.path("threshold").asDouble() == 94.0));

        assertThat(clara.delete("/api/patients/p-thr/thresholds").status()).isEqualTo(200);
        JsonNode cleared = nina.get("/api/patients/p-thr").json();
        assertThat(cleared.path("thresholds").path("spo2").path("source").path("red.below").asText()).isEqualTo("default");
        assertThat(cleared.path("settingsFrom").path("thresholds").asText()).isEqualTo("registry");
    }

    @Test
    void theTeamOverviewCountsTheTeamsPatientsAndOpenAlerts() {
        JsonNode overview = nina.get("/api/overview").json();
        assertThat(overview.path("teams")).singleElement().satisfies(team -> {
            assertThat(team.path("careTeam").asText()).isEqualTo("nord-akut");
            assertThat(team.path("patients").asInt()).isEqualTo(5);
            assertThat(team.path("openAlerts").has("red")).isTrue();
            assertThat(team.path("measuredAsPlanned").path("patients").asInt()).isBetween(0, 5);
            assertThat(team.path("alarmBurden").path("days").asInt()).isEqualTo(28);
        });
        assertThat(nina.get("/api/overview?careTeam=syd").status()).isEqualTo(403);
    }

    @Test
    void aCliniciansChangeOutlivesARestart() {
        ApiClient.Response put = clara.put("/api/patients/p-calm/plan", "{\"glucose\": {\"every\": \"PT8H\"}}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        gateway.close();
        startGateway();

        JsonNode detail = nina.get("/api/patients/p-calm").json();
        assertThat(detail.path("plan").path("glucose").path("every").asText()).isEqualTo("PT8H");
        assertThat(detail.path("plan").path("glucose").path("source").asText()).isEqualTo("patient");
        assertThat(detail.path("settingsFrom").path("plan").asText()).isEqualTo("dashboard");
        assertThat(detail.path("settingsFrom").path("changedBy").asText()).isEqualTo("clara");
        assertThat(clara.put("/api/patients/p-calm/plan", "").status()).as("an empty body clears").isEqualTo(200);
        assertThat(nina.get("/api/patients/p-calm").json().path("settingsFrom").path("plan").asText()).isEqualTo("registry");
    }

    @Test
    void nursesMayNotChangeSettingsAndBadInputIsRefusedWithEveryProblem() {
        assertThat(nina.put("/api/patients/p-thr/plan", "{\"spo2\": {\"every\": \"P1D\"}}").status()).isEqualTo(403);

        ApiClient.Response bad = clara.put("/api/patients/p-thr/thresholds",
                "{\"spo2\": {\"red\": {\"below\": \"low\"}}, \"sugar\": {}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("problems")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "thresholds.spo2.red.below: 'low' is not a number",
                "thresholds.sugar: unknown measurement type (known: spo2, pulse, resp_rate, weight, fev1, fvc, pef, glucose,"
                        + " ketones, temperature, bp_sys, bp_dia)");

        ApiClient.Response params = nina.get("/api/patients/p-long/readings?type=sugar&from=yesterday");
        assertThat(params.status()).isEqualTo(400);
        assertThat(params.json().path("problems")).hasSize(2);
        ApiClient.Response backwards = nina.get("/api/patients/p-long/readings?type=spo2&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().path("problems").get(0).asText()).contains("is after to");
        assertThat(nina.get("/api/alerts?state=closed").status()).isEqualTo(400);
    }

    @Test
    void anotherTeamsNurseIsRefusedThePatientAndTheAttemptIsAudited() throws IOException {
        // Answered exactly like an id that is nobody's: the answer does not tell that p-hypo is a patient.
        ApiClient.Response other = sofie.get("/api/patients/p-hypo");
        ApiClient.Response nobody = sofie.get("/api/patients/p-nobody");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body()).isEqualTo(nobody.body().replace("p-nobody", "p-hypo"));
        assertThat(sofie.get("/api/patients/p-hypo/readings?type=glucose").status()).isEqualTo(404);
        assertThat(sofie.get("/api/patients").json()).extracting(p -> p.path("id").asText()).containsExactly("p-syd");
        assertThat(new ApiClient(gateway.url()).get("/api/patients").status()).isEqualTo(401);
        ApiClient adam = new ApiClient(gateway.url()).signIn("adam", users.password("adam"));
        assertThat(adam.get("/api/patients").json()).isEmpty();
        assertThat(adam.get("/api/patients/p-hypo").status()).isEqualTo(404);

        Await.until("the refusal in the audit log", WAIT, () -> auditLines().stream()
                .anyMatch(l -> l.contains("sofie") && l.contains("p-hypo") && l.contains("denied")));
    }

    static List<String> auditLines() {
        try {
            return Files.exists(auditLog) ? Files.readAllLines(auditLog) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    static void glucose(String deviceId, String msgId, Instant ts, double value) {
        device.publish("telemed/v1/devices/" + deviceId + "/readings", """
                {"msgId": "%s", "ts": "%s", "type": "glucose", "value": %s, "unit": "mmol/L"}""".formatted(msgId, ts, value));
    }

    static JsonNode row(JsonNode list, String id) {
        for (JsonNode p : list) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("patient " + id + " not listed: " + list);
    }

    static Map<String, String> cookie(ApiClient client) {
        return Map.of("Cookie", client.cookie("telemed_session").map(c -> c.getName() + "=" + c.getValue())
                .orElseThrow(() -> new AssertionError("no session cookie")));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String encode(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }
}
