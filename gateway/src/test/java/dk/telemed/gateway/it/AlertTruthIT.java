package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.gateway.auth.ClientTokens;
import dk.telemed.testsupport.AlertSentence;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.Browser;
import dk.telemed.testsupport.Closing;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.ProjectRoot;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An alert's sentence tells the truth at every event it goes through (raised, escalated,
 * re-notified, acknowledged, resolved): in the API, on the dashboard in a real headless
 * Chromium and in the FHIR Flag, the value stated is the reading that set the alert's current
 * severity and lies on the stated side of the stated limit, however many later readings kept
 * the alert open. The latest reading is shown beside it as such, the history shows what
 * resolved it apart from what raised it, and a late reading shows when it was measured and
 * when it was received. A real stack: Mosquitto, InfluxDB, the packaged gateway with the
 * shipped thresholds and a one-minute reminder for unacknowledged red alerts.
 */
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertTruthIT {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String REGISTRY = """
            patients:
              - { id: p-glu,  careTeam: nord-akut, conditions: [diabetes], devices: [gluco-1], treatment: insulin }
              - { id: p-resp, careTeam: nord-akut, conditions: [copd],     devices: [resp-1] }
              - { id: p-low,  careTeam: nord-akut, conditions: [copd],     devices: [oxi-low] }
            """;
    static final String NURSE = "nina.nord";
    static final String GLUCOSE_WHY = "li.row[data-patient='p-glu'] .alert .why";

    static TestStack stack;
    static TestUsers users;
    static GatewayProcess gateway;
    static MqttTestClient device;
    static MqttTestClient nurses;
    static ApiClient api;
    static Browser browser;
    static String base;
    static String fhirToken;
    static Instant t0;

    @BeforeAll
    static void startEverything() throws Exception {
        Path dir = Path.of("target/it/AlertTruthIT");
        stack = TestStack.start(dir, REGISTRY);
        users = new TestUsers().add(NURSE, "nurse", new String[]{"nord-akut"});
        fhirToken = ClientTokens.newToken(new SecureRandom());
        Path clients = Files.writeString(dir.resolve("clients.yaml"), """
                clients:
                  - { name: gp-nord, careTeams: [nord-akut], tokenHash: "%s" }
                """.formatted(ClientTokens.hashed(fhirToken))).toAbsolutePath();
        gateway = stack.track(stack.gateway("alert-truth-it")
                .users(users.write(stack.dir()))
                .env(Map.of("TELEMED_CLIENTS", clients.toString(),
                        "TELEMED_RULES_THRESHOLDS", ProjectRoot.config("thresholds.yaml").toAbsolutePath().toString(),
                        "TELEMED_RULES_ESCALATE_AFTER_MINUTES", "1",
                        "TELEMED_RULES_ESCALATION_CHECK_SECONDS", "1"))
                .start());
        Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);
        base = "http://127.0.0.1:" + gateway.httpPort();
        device = MqttTestClient.connect(stack.broker().url(), "alert-truth-it-device");
        nurses = MqttTestClient.connect(stack.broker().url(), "alert-truth-it-nurses");
        nurses.subscribe("telemed/v1/alerts/#");
        api = new ApiClient(base).signIn(NURSE, users.password(NURSE));
        browser = Browser.start(1280, 900);
        browser.open(base + "/");
        WebElement user = browser.visible(By.cssSelector("form.login-form input[name='username']"));
        user.sendKeys(NURSE);
        browser.driver().findElement(By.cssSelector("form.login-form input[name='password']")).sendKeys(users.password(NURSE), Keys.ENTER);
        browser.visible(By.cssSelector("li.row"));
        t0 = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    }

    @AfterEach
    void noConsoleErrors() {
        // The page asks for the session before sign-in: that one 401 is expected.
        assertThat(browser.consoleProblems().stream()
                .filter(line -> !line.matches("(?s).*the server responded with a status of 401.*")).toList())
                .as("console errors and warnings").isEmpty();
    }

    @AfterAll
    static void stopEverything() {
        Closing.all(browser, device, nurses, stack);
    }

    @Test
    @Order(1)
    void raisedYellowStatesTheYellowReading() {
        glucose("g-1", t0, 3.5);
        Await.until("the yellow glucose alert", WAIT, () -> openGlucose().map(a -> a.path("state").asText().equals("raised")).orElse(false));
        assertTruthEverywhere("raised", 3.5, t0, "Blodsukker 3,5 mmol/L under 3,9 mmol/L");
    }

    @Test
    @Order(2)
    void escalatedToRedStatesTheRedReadingAndAFollowingYellowOneOnlyAsTheLatest() {
        Instant red = t0.plus(10, ChronoUnit.MINUTES);
        glucose("g-2", red, 2.6);
        Await.until("escalated to red", WAIT, () -> openGlucose().map(a -> a.path("severity").asText().equals("red")).orElse(false));
        glucose("g-3", t0.plus(20, ChronoUnit.MINUTES), 3.4);
        Await.until("the latest reading on the alert", WAIT,
                () -> openGlucose().map(a -> a.path("latest").path("value").asDouble() == 3.4).orElse(false));
        assertTruthEverywhere("escalated", 2.6, red, "Blodsukker 2,6 mmol/L under 3,0 mmol/L");
        assertThat(browser.text(By.cssSelector("li.row[data-patient='p-glu'] .alert .latest-reading")))
                .startsWith("seneste: 3,4 mmol/L, målt ");
        assertThat(browser.text(By.cssSelector("li.row[data-patient='p-glu'] .alert .instruction")))
                .isEqualTo("Hypoglykæmi: hurtige kulhydrater, mål igen om 15 min");
        assertThat(openGlucose().orElseThrow().path("instruction").path("en").asText())
                .isEqualTo("Hypoglycaemia: fast-acting carbohydrate, measure again in 15 min");
        browser.screenshot("alert-truth-01-escalated-with-latest");
    }

    @Test
    @Order(3)
    void reNotifiedStillStatesTheRedReading() {
        Await.until("the reminder of the unacknowledged red alert", WAIT, () -> glucoseEvents().stream()
                .anyMatch(e -> e.path("message").asText().startsWith("Not acknowledged (reminder 1): ")));
        assertTruthEverywhere("escalated", 2.6, t0.plus(10, ChronoUnit.MINUTES), "Blodsukker 2,6 mmol/L under 3,0 mmol/L");
    }

    @Test
    @Order(4)
    void acknowledgedStillStatesTheRedReading() {
        String alertId = openGlucose().orElseThrow().path("alertId").asText();
        ApiClient.Response ack = api.post("/api/alerts/" + alertId + "/ack", "{}");
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        assertTruthEverywhere("acknowledged", 2.6, t0.plus(10, ChronoUnit.MINUTES), "Blodsukker 2,6 mmol/L under 3,0 mmol/L");
    }

    @Test
    @Order(5)
    void resolvedShowsWhatRaisedItAndApartWhatResolvedIt() {
        Instant normal = t0.plus(30, ChronoUnit.MINUTES);
        glucose("g-4", normal, 7.7);
        Await.until("resolved", WAIT, () -> lastGlucoseEvent().map(e -> e.path("state").asText().equals("resolved")).orElse(false));
        JsonNode entry = lastGlucoseEvent().orElseThrow();
        assertTrue("API history, resolved", entry, 2.6, t0.plus(10, ChronoUnit.MINUTES));
        Await.until("the resolved event sent", WAIT, () -> glucoseEvents().stream().anyMatch(e -> e.path("event").asText().equals("resolved")));
        JsonNode sent = glucoseEvents().stream().filter(e -> e.path("event").asText().equals("resolved")).findFirst().orElseThrow();
        assertTrue("MQTT resolved", sent, 2.6, t0.plus(10, ChronoUnit.MINUTES));
        assertThat(sent.path("message").asText()).startsWith("Blood glucose 7.7 mmol/L is back in range (measured ")
                .contains("; raised by: Blood glucose 2.6 mmol/L is below 3 mmol/L (measured ");
        assertThat(entry.path("resolvedBy").path("value").asDouble()).isEqualTo(7.7);
        assertThat(entry.path("resolvedBy").path("readingTs").asText()).isEqualTo(normal.toString());
        assertFlag(entry.path("alertId").asText(), 2.6, "inactive");

        browser.open(base + "/#/patients/p-glu");
        String row = "table.history tr[data-alert-id='" + entry.path("alertId").asText() + "'] ";
        assertThat(browser.text(By.cssSelector(row + "td.why"))).isEqualTo("Blodsukker 2,6 mmol/L under 3,0 mmol/L");
        assertDashboardTrue(browser.text(By.cssSelector(row + "td.why")), 2.6);
        assertThat(browser.text(By.cssSelector(row + "td.resolved .resolved-by"))).startsWith("løst af 7,7 mmol/L, målt ");
        browser.screenshot("alert-truth-02-history-resolved");
    }

    @Test
    @Order(6)
    void aLateReadingShowsWhenItWasMeasuredAndWhenItWasReceivedAndTheLatestBesideIt() {
        Instant measured = Instant.now().minus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        respRate("r-1", measured, 26);
        Await.until("the late red respiratory rate", WAIT, () -> open("p-resp", "resp_rate").isPresent());
        respRate("r-2", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS), 21);
        Await.until("the current reading on the alert", WAIT,
                () -> open("p-resp", "resp_rate").map(a -> a.path("latest").path("value").asDouble() == 21).orElse(false));
        JsonNode alert = open("p-resp", "resp_rate").orElseThrow();
        assertTrue("API, late", alert, 26, measured);
        assertThat(alert.path("receivedAt").asText()).isNotEmpty();
        assertThat(Duration.between(measured, Instant.parse(alert.path("receivedAt").asText()))).isGreaterThan(Duration.ofHours(4));
        assertThat(alert.path("message").asText()).contains("(late: measured ").contains(", received 5 h later)");
        assertFlag(alert.path("alertId").asText(), 26, "active");

        browser.open(base + "/");
        String line = "li.row[data-patient='p-resp'] .alert ";
        browser.waitFor(d -> d.findElement(By.cssSelector(line + ".why")).getText()
                .equals("Respirationsfrekvens 26 /min over 24 /min"));
        assertThat(browser.text(By.cssSelector(line + ".late-times"))).matches("målt .+, modtaget .+");
        assertThat(browser.text(By.cssSelector(line + ".latest-reading"))).startsWith("seneste: 21 /min, målt ");
        browser.screenshot("alert-truth-03-late-with-latest");
    }

    @Test
    @Order(7)
    void aPatientWhoseOwnLevelIsBelowTheRedBandGetsAPromptForIndividualLimitsAndTheApprovalIsShown() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        for (int day = 7; day >= 1; day--) {
            device.publish("telemed/v1/devices/oxi-low/readings", """
                    {"msgId": "low-%d", "ts": "%s", "type": "spo2", "value": 86, "unit": "%%"}""".formatted(day, now.minus(day, ChronoUnit.DAYS)));
        }
        Await.until("the low readings stored", WAIT, () -> stack.stored("patient = 'p-low'") == 7);
        JsonNode detail = api.get("/api/patients/p-low").json();
        JsonNode spo2 = StreamSupport.stream(detail.path("relative").spliterator(), false)
                .filter(r -> r.path("type").asText().equals("spo2")).findFirst().orElseThrow();
        assertThat(spo2.path("level").asDouble()).isEqualTo(86);
        assertThat(spo2.path("suggestIndividualLimits").asBoolean()).isTrue();
        assertThat(detail.path("thresholdsApproval").path("approved").asBoolean()).as("the shipped set awaits approval").isFalse();
        assertThat(api.get("/api/patients/p-glu").json().path("treatment").asText()).isEqualTo("insulin");
        assertThat(api.get("/api/patients/p-glu").json().path("relative").toString()).as("no relative limit for glucose").doesNotContain("glucose");

        browser.open(base + "/#/patients/p-low");
        assertThat(browser.text(By.cssSelector(".prompt.individual-limits[data-type='spo2']")))
                .isEqualTo("Borgerens eget niveau for Iltmætning (86 %) ligger ud over den røde grænse (88 %): overvej individuelle grænser."
                        + " Det er den behandlende læges beslutning.");
        assertThat(browser.text(By.cssSelector("dd.approval"))).isEqualTo("ikke godkendt – afventer klinisk gennemgang");
        assertThat(browser.text(By.cssSelector("dd.own-level[data-type='spo2']"))).startsWith("86 % (median af 14 dage); gul ved 3 under, rød ved 5 under");
        browser.screenshot("alert-truth-04-own-level-prompt");
        assertThat(gateway.log()).contains("clinical defaults NOT APPROVED");
    }

    /**
     * The event as nurses' systems got it (MQTT), the open alert's API view, its history entry, the triage row in the
     * browser and the FHIR Flag all state the same true sentence.
     */
    static void assertTruthEverywhere(String event, double value, Instant measured, String danish) {
        Await.until("the " + event + " event in the history", WAIT,
                () -> lastGlucoseEvent().map(e -> e.path("event").asText().equals(event)).orElse(false));
        List<JsonNode> sent = glucoseEvents().stream().filter(e -> e.path("event").asText().equals(event)).toList();
        assertThat(sent).as("%s events sent", event).isNotEmpty();
        assertTrue("MQTT " + event, sent.get(sent.size() - 1), value, measured);
        JsonNode open = openGlucose().orElseThrow();
        assertTrue("API open alert, " + event, open, value, measured);
        JsonNode last = lastGlucoseEvent().orElseThrow();
        assertThat(last.path("event").asText()).isEqualTo(event);
        assertTrue("API history, " + event, last, value, measured);
        assertFlag(open.path("alertId").asText(), value, "active");
        browser.open(base + "/");
        browser.waitFor(d -> d.findElement(By.cssSelector(GLUCOSE_WHY)).getText().equals(danish));
        assertDashboardTrue(browser.text(By.cssSelector(GLUCOSE_WHY)), value);
        browser.screenshot("alert-truth-" + event);
    }

    static void assertTrue(String where, JsonNode alert, double value, Instant measured) {
        String message = alert.path("message").asText();
        AlertSentence said = AlertSentence.in(message).orElseThrow(() -> new AssertionError(where + ": no value and limit in " + message));
        assertThat(said.isTrue()).as("%s: %s", where, message).isTrue();
        assertThat(said.value()).as("%s: the reading that set the severity, in %s", where, message).isEqualTo(value);
        assertThat(alert.path("value").asDouble()).as("%s: value", where).isEqualTo(value);
        assertThat(alert.path("threshold").asDouble()).as("%s: threshold", where).isEqualTo(said.limit());
        assertThat(alert.path("readingTs").asText()).as("%s: readingTs", where).isEqualTo(measured.toString());
    }

    static void assertDashboardTrue(String text, double value) {
        AlertSentence said = AlertSentence.in(text).orElseThrow(() -> new AssertionError("no value and limit in " + text));
        assertThat(said.isTrue()).as(text).isTrue();
        assertThat(said.value()).as(text).isEqualTo(value);
    }

    static void assertFlag(String alertId, double value, String status) {
        JsonNode flag = flags().stream().filter(f -> f.path("id").asText().equals(alertId)).findFirst()
                .orElseThrow(() -> new AssertionError("no Flag " + alertId));
        assertThat(flag.path("status").asText()).isEqualTo(status);
        String text = flag.path("code").path("text").asText();
        AlertSentence said = AlertSentence.in(text).orElseThrow(() -> new AssertionError("no value and limit in the Flag's " + text));
        assertThat(said.isTrue()).as("Flag: %s", text).isTrue();
        assertThat(said.value()).as("Flag: %s", text).isEqualTo(value);
    }

    static List<JsonNode> flags() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/fhir/Flag?patient=p-glu"))
                            .header("Authorization", "Bearer " + fhirToken).header("Accept", "application/fhir+json").build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode bundle = JSON.readTree(r.body());
            JsonNode resp = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/fhir/Flag?patient=p-resp"))
                            .header("Authorization", "Bearer " + fhirToken).header("Accept", "application/fhir+json").build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            return java.util.stream.Stream.concat(StreamSupport.stream(bundle.path("entry").spliterator(), false),
                    StreamSupport.stream(resp.path("entry").spliterator(), false)).map(e -> e.path("resource")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Optional<JsonNode> openGlucose() {
        return open("p-glu", "glucose");
    }

    static Optional<JsonNode> open(String patient, String type) {
        JsonNode list = api.get("/api/patients").json();
        return StreamSupport.stream(list.spliterator(), false).filter(p -> p.path("id").asText().equals(patient))
                .flatMap(p -> StreamSupport.stream(p.path("openAlerts").spliterator(), false))
                .filter(a -> a.path("type").asText().equals(type)).findFirst();
    }

    /** The newest entry of p-glu's alert history: the alert's state with its last event. */
    static Optional<JsonNode> lastGlucoseEvent() {
        JsonNode history = api.get("/api/patients/p-glu/alerts").json();
        return StreamSupport.stream(history.spliterator(), false).filter(a -> a.path("type").asText().equals("glucose")).findFirst();
    }

    /** The glucose alert events published to the care team, oldest first. */
    static List<JsonNode> glucoseEvents() {
        return nurses.received().stream().filter(m -> m.topic().equals("telemed/v1/alerts/nord-akut/p-glu")).map(m -> {
            try {
                return JSON.readTree(m.text());
            } catch (IOException e) {
                throw new IllegalStateException("an alert event that is not JSON: " + m.text(), e);
            }
        }).filter(e -> e.path("type").asText().equals("glucose")).toList();
    }

    static void glucose(String msgId, Instant ts, double value) {
        device.publish("telemed/v1/devices/gluco-1/readings", """
                {"msgId": "%s", "ts": "%s", "type": "glucose", "value": %s, "unit": "mmol/L"}""".formatted(msgId, ts, value));
    }

    static void respRate(String msgId, Instant ts, double value) {
        device.publish("telemed/v1/devices/resp-1/readings", """
                {"msgId": "%s", "ts": "%s", "type": "resp_rate", "value": %s, "unit": "/min"}""".formatted(msgId, ts, value));
    }
}
