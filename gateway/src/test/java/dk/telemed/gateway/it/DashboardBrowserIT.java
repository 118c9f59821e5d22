package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.Closing;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.Browser;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.ProjectRoot;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import dk.telemed.testsupport.WebhookReceiver;
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
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium against a real stack (Mosquitto, InfluxDB, the
 * packaged gateway with two care teams' nurses and a webhook receiver), walked through as a
 * nurse would: sign in, find the hypoglycaemia at the top, open the patient, acknowledge,
 * see it acknowledged and sent on; then a nurse of the other team, who must see nothing of
 * that patient. The steps share one browser and run in order. Every step leaves a screenshot
 * in target/screenshots/, must not scroll sideways, and must leave no console error (a
 * Content-Security-Policy violation is one).
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "whsec_ZGFzaGJvYXJkLWl0LXNpZ25pbmcta2V5LTMyYnl0ZXMh";
    static final String REGISTRY = """
            patients:
              - { id: p-hypo,  careTeam: nord-akut, conditions: [diabetes], devices: [gluco-1] }
              - { id: p-calm,  careTeam: nord-akut, conditions: [copd],     devices: [oxi-1] }
              - { id: p-south, careTeam: syd,       conditions: [copd],     devices: [oxi-2] }
            """;
    static final String NURSE_A = "nina.nord";
    static final String NURSE_B = "sofie.syd";
    static final String CLINICIAN = "carl.klinik";
    static final By USERNAME = By.cssSelector("form.login-form input[name='username']");
    static final By PASSWORD = By.cssSelector("form.login-form input[name='password']");
    static final String NOTE = "Ringet til borgeren, spist og målt igen";

    static TestStack stack;
    static WebhookReceiver hooks;
    static TestUsers users;
    static GatewayProcess gateway;
    static MqttTestClient device;
    static Browser browser;
    static String base;
    static String hypoAlertId;

    @BeforeAll
    static void startEverything() throws Exception {
        stack = TestStack.start(Path.of("target/it/DashboardBrowserIT"), REGISTRY);
        hooks = WebhookReceiver.start("hook");
        // An explicit array: TestUsers.add(user, role, "team") alone is ambiguous between its two overloads.
        users = new TestUsers().add(NURSE_A, "nurse", new String[]{"nord-akut"}).add(NURSE_B, "nurse", new String[]{"syd"})
                .add(CLINICIAN, "clinician", new String[]{"nord-akut"});
        gateway = stack.track(stack.gateway("dashboard-it")
                .users(users.write(stack.dir()))
                .env("TELEMED_RULES_THRESHOLDS", ProjectRoot.config("thresholds.yaml").toAbsolutePath().toString())
                .env("TELEMED_WEBHOOK_URL", hooks.url())
                .env("TELEMED_WEBHOOK_SECRET", SECRET)
                .start());
        Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);
        base = "http://127.0.0.1:" + gateway.httpPort();
        device = MqttTestClient.connect(stack.broker().url(), "dashboard-it-device");
        publishHistory();
        Await.until("the hypo's raised alert at the webhook", WAIT, () -> hookEvent("raised", "p-hypo").isPresent());
        hypoAlertId = hookEvent("raised", "p-hypo").orElseThrow().path("alertId").asText();
        browser = Browser.start(1280, 800);
    }

    /** Two weeks of ordinary readings for the sparklines, then the hypo ten minutes ago. */
    static void publishHistory() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int day = 13; day >= 1; day--) {
            Instant ts = now.minus(day, ChronoUnit.DAYS);
            device.publish("telemed/v1/devices/gluco-1/readings", """
                    {"msgId": "g-%d", "ts": "%s", "type": "glucose", "value": %s, "unit": "mmol/L"}"""
                    .formatted(day, ts, 5.5 + (day % 4) * 0.6));
            device.publish("telemed/v1/devices/oxi-1/readings", """
                    {"msgId": "o-%d", "ts": "%s", "type": "spo2", "value": %d, "unit": "%%"}""".formatted(day, ts, 92 + day % 3));
        }
        Await.until("the history stored", WAIT, () -> stack.stored("patient = 'p-hypo'") == 13 && stack.stored("patient = 'p-calm'") == 13);
        device.publish("telemed/v1/devices/gluco-1/readings", """
                {"msgId": "g-hypo", "ts": "%s", "type": "glucose", "value": 2.6, "unit": "mmol/L"}"""
                .formatted(now.minus(10, ChronoUnit.MINUTES)));
    }

    @AfterEach
    void noConsoleErrors() {
        // The browser logs each refused API call as an error: 401 before sign-in, 404 for another team's patient and 400
        // for the limit the test gets refused on purpose, 429 once sign-in is slowed down: all expected.
        List<String> problems = browser.consoleProblems().stream()
                .filter(line -> !line.matches("(?s).*the server responded with a status of (40[0134]|429).*"))
                .toList();
        assertThat(problems).as("console errors and warnings (CSP violations among them)").isEmpty();
    }

    @AfterAll
    static void stopEverything() {
        Closing.all(browser, device, hooks, stack);
    }

    @Test
    @Order(1)
    void aWrongPasswordGetsAClearDanishAnswerAndTheRightOneSignsIn() {
        browser.open(base + "/");
        browser.visible(USERNAME);
        browser.screenshot("01-sign-in");
        noSidewaysScroll();

        signIn(NURSE_A, "not-the-password");
        assertThat(browser.visible(By.id("login-error")).getText()).isEqualTo("Brugernavn eller adgangskode er forkert. Prøv igen.");
        browser.screenshot("02-sign-in-wrong-password");

        signIn(NURSE_A, users.password(NURSE_A));
        browser.visible(By.cssSelector("li.row"));
        assertThat(browser.driver().findElement(By.tagName("header")).getText()).contains("Logget ind som " + NURSE_A);
    }

    @Test
    @Order(2)
    void theHypoPatientIsAtTheTopAsRedWithWhy() {
        browser.waitFor(d -> "p-hypo".equals(d.findElement(By.cssSelector("ol.triage > li.row")).getAttribute("data-patient")));
        String status = browser.waitFor(d -> d.findElement(By.cssSelector("ol.triage > li.row")).getAttribute("data-status"));
        assertThat(status).isEqualTo("red");
        String row = "ol.triage > li.row:first-child ";
        assertThat(browser.text(By.cssSelector(row + ".badge"))).contains("Rød");
        assertThat(browser.text(By.cssSelector(row + ".alert .why"))).isEqualTo("Blodsukker 2,6 mmol/L under 3,0 mmol/L");
        assertThat(browser.text(By.cssSelector(row + ".cell-latest"))).contains("2,6 mmol/L").contains("min siden");
        browser.waitFor(d -> !d.findElements(By.cssSelector("li.row[data-patient='p-hypo'] .spark canvas")).isEmpty());
        assertThat(browser.driver().getTitle()).startsWith("(1) ");
        browser.screenshot("03-triage-hypo-red");
        noSidewaysScroll();

        new Select(browser.driver().findElement(By.id("lang-select"))).selectByValue("en");
        browser.waitFor(d -> d.findElement(By.cssSelector("li.row[data-patient='p-hypo'] .alert .why")).getText()
                .equals("Blood glucose 2.6 mmol/L below 3.0 mmol/L"));
        new Select(browser.driver().findElement(By.id("lang-select"))).selectByValue("da");
        browser.waitFor(d -> d.findElement(By.cssSelector("li.row[data-patient='p-hypo'] .alert .why")).getText()
                .equals("Blodsukker 2,6 mmol/L under 3,0 mmol/L"));
    }

    @Test
    @Order(3)
    void thePatientViewShowsTheChartWithThePatientsBands() {
        browser.driver().findElement(By.cssSelector("li.row[data-patient='p-hypo'] a.patient-link")).click();
        String card = ".chart-card[data-type='glucose'] ";
        browser.waitFor(d -> !d.findElements(By.cssSelector(card + ".chart canvas")).isEmpty());
        assertThat(browser.text(By.cssSelector(card + ".legend-red"))).contains("under 3,0 mmol/L").contains("over 16,7 mmol/L");
        assertThat(browser.text(By.cssSelector(card + ".legend-yellow"))).contains("under 3,9 mmol/L").contains("over 13,9 mmol/L");
        browser.screenshot("04-patient-chart");
        noSidewaysScroll();
        browser.size(768, 1024);
        // The chart follows its card's width: one column on a tablet, so wider than in the laptop's two.
        browser.waitFor(d -> ((Number) browser.script("return document.querySelector("
                + "\".chart-card[data-type='glucose'] .chart canvas\").getBoundingClientRect().width;")).doubleValue() > 600);
        browser.screenshot("05-patient-tablet");
        noSidewaysScroll();
        browser.size(1280, 800);
    }

    @Test
    @Order(4)
    void acknowledgingWithANoteShowsOnTheTriageViewAndReachesTheWebhook() throws IOException {
        WebElement ack = browser.visible(By.cssSelector("#open-title ~ ul .ack-button"));
        ack.click();
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys(Keys.ESCAPE);
        browser.waitFor(d -> d.findElements(By.cssSelector("dialog")).isEmpty());
        assertThat(browser.driver().switchTo().activeElement()).as("focus back on the button that opened the dialog").isEqualTo(ack);

        ack.sendKeys(Keys.ENTER);
        WebElement note = browser.visible(By.cssSelector("dialog[open] textarea"));
        assertThat(browser.driver().switchTo().activeElement()).isEqualTo(note);
        note.sendKeys(NOTE);
        browser.screenshot("06-acknowledge-dialog");
        browser.driver().findElement(By.cssSelector("dialog[open] button[type='submit']")).click();
        browser.waitFor(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        browser.waitFor(d -> d.findElement(By.cssSelector("table.history")).getText().contains(NOTE));

        browser.driver().findElement(By.cssSelector("p.back a")).click();
        browser.visible(By.cssSelector("li.row[data-patient='p-hypo'] .acked"));
        assertThat(browser.text(By.cssSelector("li.row[data-patient='p-hypo'] .acked"))).contains("Kvitteret af " + NURSE_A);
        assertThat(browser.driver().getTitle()).doesNotStartWith("(");
        browser.screenshot("07-triage-acknowledged");

        Await.until("the acknowledged event at the webhook", WAIT, () -> hookEvent("acknowledged", "p-hypo").isPresent());
        JsonNode event = hookEvent("acknowledged", "p-hypo").orElseThrow();
        assertThat(event.path("alertId").asText()).isEqualTo(hypoAlertId);
        assertThat(event.path("acknowledgedBy").asText()).isEqualTo(NURSE_A);
        assertThat(event.path("note").asText()).isEqualTo(NOTE);
    }

    @Test
    @Order(5)
    void aNewRedAlertArrivesLiveWithoutAReload() {
        browser.script("window.telemedNotReloaded = true;");
        device.publish("telemed/v1/devices/oxi-1/readings", """
                {"msgId": "o-red", "ts": "%s", "type": "spo2", "value": 84, "unit": "%%"}""".formatted(Instant.now().minusSeconds(30)));
        browser.waitFor(d -> "red".equals(d.findElement(By.cssSelector("li.row[data-patient='p-calm']")).getAttribute("data-status")));
        browser.waitFor(d -> d.findElement(By.cssSelector("li.row[data-patient='p-calm'] .cell-latest")).getText().contains("84 %"));
        assertThat(browser.script("return window.telemedNotReloaded === true;")).isEqualTo(true);
        assertThat(browser.driver().getTitle()).startsWith("(1) ");
        browser.waitFor(d -> d.findElement(By.id("announcer")).getAttribute("textContent").contains("Ny rød alarm for p-calm"));
        browser.screenshot("08-triage-live-red");
        browser.size(768, 1024);
        browser.screenshot("09-triage-tablet");
        noSidewaysScroll();
        browser.size(1280, 800);

        browser.driver().findElement(By.xpath("//nav//a[normalize-space()='Teamoverblik']")).click();
        browser.visible(By.cssSelector(".overview .team"));
        assertThat(browser.text(By.cssSelector(".overview .team"))).contains("nord-akut").contains("Åbne alarmer").contains("Rød 2")
                .contains("Median tid fra alarm til kvittering").contains("min");
        browser.screenshot("10-team-overview");
        noSidewaysScroll();
    }

    @Test
    @Order(6)
    void aNurseOfAnotherTeamSeesNeitherThePatientNorItsPage() {
        browser.driver().findElement(By.xpath("//header//button[normalize-space()='Log ud']")).click();
        browser.visible(USERNAME);
        signIn(NURSE_B, users.password(NURSE_B));
        browser.visible(By.cssSelector("li.row[data-patient='p-south']"));
        assertThat(browser.driver().findElements(By.cssSelector("li.row")))
                .extracting(row -> row.getAttribute("data-patient")).containsExactly("p-south");
        browser.screenshot("11-team-b-triage");

        browser.open(base + "/#/patients/p-hypo");
        // Another team's patient looks exactly like an unknown id.
        browser.visible(By.cssSelector("[data-refused='404']"));
        assertThat(browser.text(By.cssSelector("[data-refused='404']"))).contains("Ukendt patient").doesNotContain("2,6");
        browser.screenshot("12-team-b-no-access");
        noSidewaysScroll();

        ApiClient api = new ApiClient(base).signIn(NURSE_B, users.password(NURSE_B));
        assertThat(api.get("/api/patients/p-hypo").status()).isEqualTo(404);
        assertThat(api.get("/api/patients").body()).doesNotContain("p-hypo");
    }

    @Test
    @Order(7)
    void aClinicianSeesTheServersObjectionNextToTheFieldAndThenChangesALimit() {
        browser.driver().findElement(By.xpath("//header//button[normalize-space()='Log ud']")).click();
        signIn(CLINICIAN, users.password(CLINICIAN));
        browser.visible(By.cssSelector("li.row"));
        browser.open(base + "/#/patients/p-hypo");
        WebElement redBelow = browser.visible(By.cssSelector("input[data-field='thresholds.glucose.red.below']"));
        WebElement yellowBelow = browser.driver().findElement(By.cssSelector("input[data-field='thresholds.glucose.yellow.below']"));
        WebElement form = redBelow.findElement(By.xpath("ancestor::form"));
        redBelow.sendKeys("4,0");
        yellowBelow.sendKeys("3,9");
        form.findElement(By.cssSelector("button[type='submit']")).click();
        WebElement error = browser.visible(By.cssSelector("[data-error-for='thresholds.glucose.red.below']"));
        assertThat(error.getText()).contains("yellow.below");
        assertThat(redBelow.getAttribute("aria-invalid")).isEqualTo("true");
        browser.script("arguments[0].scrollIntoView({block: 'center'});", redBelow);
        browser.screenshot("13-clinician-threshold-refused");

        redBelow.clear();
        redBelow.sendKeys("2,8");
        yellowBelow.clear();
        form.findElement(By.cssSelector("button[type='submit']")).click();
        browser.waitFor(d -> form.findElement(By.cssSelector(".form-status")).getText().equals("Gemt."));
        browser.waitFor(d -> d.findElement(By.cssSelector(".chart-card[data-type='glucose'] .legend-red")).getText()
                .contains("under 2,8 mmol/L"));
        assertThat(browser.text(By.cssSelector(".chart-card[data-type='glucose']"))).contains("Patientens egne grænser");
        browser.screenshot("14-clinician-threshold-changed");
        noSidewaysScroll();

        // A pause that ends before it starts: the server's objection lands under "Til".
        WebElement from = browser.driver().findElement(By.cssSelector("input[data-field='passive[0].from']"));
        WebElement to = browser.driver().findElement(By.cssSelector("input[data-field='passive[0].to']"));
        WebElement passiveForm = from.findElement(By.xpath("ancestor::form"));
        browser.script("arguments[0].value = '2026-12-14'; arguments[1].value = '2026-12-01';", from, to);
        browser.driver().findElement(By.cssSelector("input[data-field='passive[0].reason']")).sendKeys("indlagt");
        passiveForm.findElement(By.cssSelector("button[type='submit']")).click();
        assertThat(browser.text(By.cssSelector("[data-error-for='passive[0].to']"))).contains("before from");
        browser.script("arguments[0].value = '2026-12-01'; arguments[1].value = '2026-12-14';", from, to);
        passiveForm.findElement(By.cssSelector("button[type='submit']")).click();
        browser.waitFor(d -> d.findElement(By.cssSelector(".passive-list")).getText().contains("2026-12-01 – 2026-12-14: indlagt"));
        assertThat(from.getAttribute("data-field")).as("the next new pause is the list's second").isEqualTo("passive[1].from");
    }

    /**
     * The patient's own answers beside the readings: a yellow daily answer is an open symptom
     * alert that says why, counted on the triage list with the combined alert, and the patient view
     * shows the CAT score as a chart and the daily answers as marks and in a table.
     */
    @Test
    @Order(8)
    void aSymptomAlertSaysWhyAndTheAnswersShowBesideTheReadings() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int week = 3; week >= 1; week--) {
            device.publish("telemed/v1/devices/oxi-1/responses", """
                    {"msgId": "cat-%d", "questionnaire": "copd-cat", "version": 1, "answeredAt": "%s",
                     "answers": {"cat_cough": 2, "cat_phlegm": 2, "cat_chest": 1, "cat_breathless": %d, "cat_activities": 2,
                                 "cat_confidence": 1, "cat_sleep": 1, "cat_energy": 2}}""".formatted(week, now.minus(7L * week - 1, ChronoUnit.DAYS), 4 - week));
        }
        device.publish("telemed/v1/devices/oxi-1/responses", """
                {"msgId": "daily-1", "questionnaire": "copd-daily", "version": 1, "answeredAt": "%s",
                 "answers": {"breathless": false, "cough": false, "sputum_more": false, "sputum_colour": "clear"}}"""
                .formatted(now.minus(2, ChronoUnit.DAYS)));
        device.publish("telemed/v1/devices/oxi-1/responses", """
                {"msgId": "daily-2", "questionnaire": "copd-daily", "version": 1, "answeredAt": "%s",
                 "answers": {"breathless": true, "cough": true, "sputum_more": true, "sputum_colour": "white"}}"""
                .formatted(now.minus(1, ChronoUnit.HOURS)));
        Await.until("the symptom alert at the webhook", WAIT, () -> hooks.requests().stream()
                .anyMatch(r -> r.text().contains("\"rule\":\"copd-daily.anthonisen.yellow\"") && r.text().contains("\"patient\":\"p-calm\"")));

        browser.open(base + "/#/");
        // p-calm is red already (SpO2 84 %): the triage row lists the symptom alert among its open ones, and with the low SpO2
        // of the same day it is also "symptoms and saturation together".
        browser.waitFor(d -> d.findElements(By.cssSelector("li.row[data-patient='p-calm'] li.alert")).stream()
                .anyMatch(a -> a.getText().contains("Anthonisen")));
        browser.waitFor(d -> d.findElements(By.cssSelector("li.row[data-patient='p-calm'] li.alert")).stream()
                .anyMatch(a -> a.getText().contains("Symptoms and saturation together")));
        browser.driver().findElement(By.cssSelector("li.row[data-patient='p-calm'] a.patient-link")).click();
        browser.waitFor(d -> !d.findElements(By.cssSelector(".symptoms .symptom-chart .chart canvas")).isEmpty());
        assertThat(browser.text(By.cssSelector("ul.alerts"))).contains("2 of 3 Anthonisen criteria (more breathless, more sputum)");
        assertThat(browser.text(By.cssSelector(".symptoms .symptom-chart h3"))).contains("CAT-score");
        assertThat(browser.driver().findElements(By.cssSelector(".symptom-marks[data-questionnaire='copd-daily'] li.mark")))
                .extracting(m -> m.getAttribute("class")).containsExactly("mark mark-green", "mark mark-yellow");
        assertThat(browser.text(By.cssSelector("table.symptom-answers tbody tr:first-child")))
                .contains("Er du mere forpustet end normalt? ja").contains("Gul").contains("2 of 3 Anthonisen criteria");
        assertThat(browser.driver().findElements(By.cssSelector(".chart-card[data-type='symptoms']"))).as("no readings chart for symptoms").isEmpty();
        browser.script("document.querySelector('.symptoms').scrollIntoView();");
        browser.screenshot("16-patient-symptoms");
        noSidewaysScroll();
    }

    /** Last: it leaves sign-in from this address slowed down for a while. */
    @Test
    @Order(9)
    void repeatedWrongPasswordsAreSlowedDownAndTheFormSaysHowLongToWait() {
        browser.driver().findElement(By.xpath("//header//button[normalize-space()='Log ud']")).click();
        WebElement error = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            signIn(NURSE_A, "wrong-" + attempt);
            error = browser.waitFor(d -> {
                WebElement e = d.findElement(By.id("login-error"));
                return e.getText().isEmpty() ? null : e;
            });
            if (error.getText().startsWith("For mange forkerte forsøg")) {
                break;
            }
        }
        assertThat(error.getText()).matches("For mange forkerte forsøg\\. Vent (1 sekund|\\d+ sekunder), før du prøver igen\\.");
        browser.screenshot("15-sign-in-slowed-down");
    }

    private static void signIn(String username, String password) {
        WebElement user = browser.visible(USERNAME);
        WebElement pass = browser.driver().findElement(PASSWORD);
        user.clear();
        user.sendKeys(username);
        pass.clear();
        pass.sendKeys(password, Keys.ENTER);
    }

    private static void noSidewaysScroll() {
        assertThat(browser.scrollsHorizontally()).as("horizontal scroll: %s", browser.widths()).isFalse();
    }

    private static Optional<JsonNode> hookEvent(String event, String patient) {
        return hooks.requests().stream().map(r -> {
            try {
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new IllegalStateException("the gateway sent a webhook body that is not JSON: " + r.text(), e);
            }
        }).filter(n -> event.equals(n.path("event").asText()) && patient.equals(n.path("patient").asText())).findFirst();
    }
}
