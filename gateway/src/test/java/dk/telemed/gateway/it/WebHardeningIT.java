package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import dk.telemed.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an anonymous client or a signed-in user of one team can get out of the web side, tried
 * from outside over real HTTP: files left by multipart uploads, an audit log flooded by
 * refusals, parallel password guesses, webhook receivers' secret URLs, the existence of
 * another team's patients, cached FHIR answers, and alerts that stay with a team the patient
 * has left.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class WebHardeningIT {
    static final Path DIR = Path.of("target/it/WebHardeningIT");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String WEBHOOK_SECRET_PATH = "/hooks/T0K3N-in-the-path";
    static final String REGISTRY = """
            patients:
              - { id: p-0001, careTeam: nord-akut, conditions: [copd], devices: [oxi-0001] }
              - { id: p-0002, careTeam: syd, conditions: [copd], devices: [oxi-0002] }
              - { id: p-0003, careTeam: nord-akut, conditions: [copd], devices: [oxi-0003] }
            """;

    static TestStack stack;
    static TestUsers users;
    static GatewayProcess gateway;
    static WebhookReceiver receiver;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        stack = TestStack.start(DIR, REGISTRY);
        users = new TestUsers()
                .add("nina", "nurse", "nord-akut")
                .add("sara", "nurse", "syd")
                .add("adam", "admin")
                .add("bert", "nurse", "nord-akut");
        receiver = WebhookReceiver.start("web-hardening");
        gateway = stack.track(stack.gateway("web-hardening-it").users(users.write(DIR)).env(Map.of(
                "TELEMED_WEBHOOK_URL", receiver.url() + WEBHOOK_SECRET_PATH + "?key=also-secret",
                "TELEMED_WEBHOOK_SECRET", "web-hardening-webhook-secret")).start());
        // Ready: an unknown alert id is then answered 404, not the 503 of a gateway still taking in what the broker kept.
        Await.until("gateway ready", Duration.ofSeconds(60), () -> gateway.get("/ready") == 200);
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

    static String multipart(String boundary, int fileBytes) {
        return "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "A".repeat(fileBytes) + "\r\n--" + boundary + "--\r\n";
    }

    @Test
    void multipartBodiesLeaveNoFileOnDisk() throws Exception {
        String boundary = "b" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/login"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(multipart(boundary, 30_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
        }
        ApiClient nina = new ApiClient(gateway.url()).signIn("nina", users.password("nina"));
        ApiClient.Response ack = nina.send("POST", "/api/alerts/no-such-alert/ack", multipart(boundary, 30_000),
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary));
        assertThat(ack.status()).isBetween(400, 404);
        try (Stream<Path> files = Files.walk(gateway.dir())) {
            assertThat(files.map(Path::toString)).noneMatch(f -> f.contains("file-uploads"));
        }
    }

    /** 50 wrong passwords for one user sent at once get no more checks than one after another: 3 free, then the one that blocks. */
    @Test
    void parallelGuessesAreThrottledLikeSequentialOnes() throws Exception {
        String body = "{\"username\": \"bert\", \"password\": \"guess\"}";
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/login"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            statuses.add(a.get().statusCode());
        }
        assertThat(statuses).as("checked and refused: 401; throttled: 429; too many at once: 503")
                .filteredOn(s -> s == 401).hasSizeLessThanOrEqualTo(4);
        assertThat(statuses).allMatch(s -> s == 401 || s == 429 || s == 503);
        assertThat(statuses).contains(429);
        assertThat(new ApiClient(gateway.url()).login("bert", users.password("bert")).status())
                .as("blocked even with the right password").isEqualTo(429);
    }

    /**
     * 20,000 tokenless FHIR requests as fast as they can be sent: a handful of audit lines
     * (the first, and a count per minute), a bounded queue, and a real read audited right after.
     */
    @Test
    void aFloodOfTokenlessFhirRequestsIsFoldedAndARealReadIsAuditedRightAfter() throws Exception {
        int requests = 20_000;
        Semaphore inFlight = new Semaphore(64);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Integer>> sent = new ArrayList<>();
        double queuedMax = 0;
        for (int i = 0; i < requests; i++) {
            inFlight.acquire();
            sent.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url() + "/fhir/Patient/p-0001")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
                    .whenComplete((s, e) -> inFlight.release()));
            if (i % 5_000 == 4_999) {
                queuedMax = Math.max(queuedMax, gateway.metric("telemed_audit_queued"));
            }
        }
        pool.shutdown();
        for (CompletableFuture<Integer> s : sent) {
            assertThat(s.get()).isEqualTo(401);
        }
        assertThat(queuedMax).as("the audit queue stays bounded").isLessThanOrEqualTo(5_000);
        assertThat(gateway.metric("telemed_audit_refusals_folded_total")).isGreaterThanOrEqualTo(requests - 10);
        assertThat(gateway.metric("telemed_audit_dropped_total")).isZero();

        ApiClient nina = new ApiClient(gateway.url()).signIn("nina", users.password("nina"));
        long readsBefore = audit().stream().filter(l -> l.contains("\"nina\"") && l.contains("view-patient")).count();
        assertThat(nina.get("/api/patients/p-0001").status()).isEqualTo(200);
        Await.until("nina's read of p-0001 in the audit log", Duration.ofSeconds(10),
                () -> audit().stream().filter(l -> l.contains("\"nina\"") && l.contains("view-patient")).count() > readsBefore);
        long written = audit().stream().filter(l -> l.contains("\"fhir.read\"") && l.contains("unauthenticated")).count();
        assertThat(written).as("audit lines for the whole flood").isBetween(1L, 10L);
    }

    static List<String> audit() {
        try {
            Path log = gateway.dir().resolve("data/audit.log");
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void webhookStatusIsForAdminsAndShowsNoPathOrQuery() throws Exception {
        ApiClient nina = new ApiClient(gateway.url()).signIn("nina", users.password("nina"));
        assertThat(nina.get("/api/webhooks").status()).isEqualTo(403);
        assertThat(new ApiClient(gateway.url()).get("/api/webhooks").status()).isEqualTo(401);
        ApiClient adam = new ApiClient(gateway.url()).signIn("adam", users.password("adam"));
        ApiClient.Response status = adam.get("/api/webhooks");
        assertThat(status.status()).isEqualTo(200);
        JsonNode url = JSON.readTree(status.body()).path("receivers").get(0).path("url");
        assertThat(url.asText()).isEqualTo(URI.create(receiver.url()).resolve("/").toString().replaceAll("/$", ""));
        assertThat(status.body()).doesNotContain("T0K3N").doesNotContain("also-secret").doesNotContain("/hooks");
    }

    @Test
    void anotherTeamsPatientIsAnsweredLikeAnUnknownOneAndFhirAnswersAreNotCached() throws Exception {
        ApiClient nina = new ApiClient(gateway.url()).signIn("nina", users.password("nina"));
        for (String path : List.of("/api/patients/%s", "/api/patients/%s/readings?type=spo2", "/fhir/Patient/%s",
                "/fhir/Observation?patient=%s")) {
            ApiClient.Response other = nina.get(path.formatted("p-0002"));
            ApiClient.Response unknown = nina.get(path.formatted("p-9999"));
            assertThat(other.status()).as(path).isEqualTo(404).isEqualTo(unknown.status());
            assertThat(other.body()).as(path).isEqualTo(unknown.body().replace("p-9999", "p-0002"));
        }
        assertThat(nina.get("/fhir/Patient/p-0001").header("Cache-Control")).hasValue("no-store");
        assertThat(new ApiClient(gateway.url()).get("/fhir/Patient/p-0001").header("Cache-Control")).hasValue("no-store");
        Await.until("the refusal audited as denied", WAIT, () -> audit().stream()
                .anyMatch(l -> l.contains("\"nina\"") && l.contains("p-0002") && l.contains("denied")));
    }

    /** p-0003 moves from nord-akut to syd while a red alert is open: its acknowledgement goes to syd only. */
    @Test
    void anOpenAlertFollowsThePatientToTheNewCareTeam() throws Exception {
        try (MqttTestClient nurses = MqttTestClient.connect(stack.broker().url(), "web-hardening-nurses");
             MqttTestClient device = MqttTestClient.connect(stack.broker().url(), "web-hardening-oxi")) {
            nurses.subscribe("telemed/v1/alerts/#");
            device.publish("telemed/v1/devices/oxi-0003/readings", """
                    {"msgId": "move-1", "ts": "%s", "type": "spo2", "value": 80, "unit": "%%"}"""
                    .formatted(Instant.now().minus(2, ChronoUnit.MINUTES)));
            Await.until("the red alert reaches nord-akut", WAIT, () -> nurses.received().stream()
                    .anyMatch(m -> m.topic().equals("telemed/v1/alerts/nord-akut/p-0003")));
            String alertId = JSON.readTree(nurses.received().stream()
                    .filter(m -> m.topic().equals("telemed/v1/alerts/nord-akut/p-0003")).findFirst().orElseThrow().payload())
                    .path("alertId").asText();

            Files.writeString(stack.registry(), REGISTRY.replace("p-0003, careTeam: nord-akut", "p-0003, careTeam: syd"));
            ApiClient sara = new ApiClient(gateway.url()).signIn("sara", users.password("sara"));
            Await.until("syd's nurse sees p-0003", WAIT, () -> sara.get("/api/patients/p-0003").status() == 200);
            int before = nurses.received().size();
            assertThat(sara.post("/api/alerts/" + alertId + "/ack", "{}").status()).isBetween(200, 204);
            Await.until("the acknowledgement is published", WAIT, () -> nurses.received().size() > before);
            assertThat(nurses.received().subList(before, nurses.received().size()))
                    .extracting(MqttTestClient.Received::topic).containsOnly("telemed/v1/alerts/syd/p-0003");
        }
    }
}
