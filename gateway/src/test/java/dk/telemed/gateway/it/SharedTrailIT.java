package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.Closing;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What outlives a gateway (docs/reliability.md): two gateway processes on one broker and one
 * InfluxDB, killed with SIGKILL and started again, share one audit log and the nurses' sign-ins.
 * Both serve HTTP at once here; nothing of this depends on which of them is active.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class SharedTrailIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    static final Path DIR = Path.of("target/it/SharedTrailIT");
    static final String COOKIE = "telemed_session";

    static TestStack stack;
    static TestUsers users;
    static Path usersFile;
    static int starts;

    /** A browser's session: its cookie and CSRF token, sent to whichever gateway. */
    record Browser(String cookie, String csrf) {
        ApiClient.Response send(GatewayProcess g, String method, String path) {
            Map<String, String> headers = new HashMap<>(Map.of("Cookie", COOKIE + "=" + cookie));
            if (!method.equals("GET")) {
                headers.put("X-CSRF-Token", csrf);
                headers.put("Content-Type", "application/json");
            }
            return new ApiClient(g.url()).send(method, path, method.equals("GET") ? null : "", headers);
        }

        ApiClient.Response get(GatewayProcess g, String path) {
            return send(g, "GET", path);
        }
    }

    @BeforeAll
    static void start() {
        StringBuilder registry = new StringBuilder("patients:\n");
        for (int i = 0; i < 60; i++) {
            registry.append("  - { id: p-%02d, careTeam: nord-akut, conditions: [copd], devices: [oxi-%02d] }\n".formatted(i, i));
        }
        stack = TestStack.start(DIR, registry.toString());
        users = new TestUsers().add("nina", "nurse", "nord-akut").add("sara", "nurse", "syd-hjemmepleje")
                .add("adam", "admin");
        usersFile = users.write(DIR);
    }

    @AfterAll
    static void stop() {
        Closing.all(stack);
    }

    /** A gateway started and answering; this test starts many, so a machine under load gets longer than the usual 30 s. */
    static GatewayProcess gateway(String name) {
        GatewayProcess g = stack.track(stack.gateway("trail-it-" + name + "-" + starts++).users(usersFile).launch());
        Await.until(g + " answering /health", Duration.ofSeconds(120), () -> g.isAlive() && g.get("/health") == 200);
        return g;
    }

    static Browser signIn(GatewayProcess g, String username) {
        ApiClient client = new ApiClient(g.url()).signIn(username, users.password(username));
        return new Browser(client.cookie(COOKIE).orElseThrow().getValue(), client.csrfToken().orElseThrow());
    }

    static void allWritten(GatewayProcess g) {
        Await.until("the audit entries of " + g + " written to InfluxDB", WAIT, () -> g.metric("telemed_audit_queued") == 0);
    }

    @Test
    void aSignInHoldsOnEveryGatewayThroughAKillAndASignOutOnOneEndsItOnAll() {
        GatewayProcess a = gateway("a");
        GatewayProcess b = gateway("b");
        Browser nina = signIn(a, "nina");

        ApiClient.Response atB = nina.get(b, "/api/session");
        assertThat(atB.status()).as(atB.body()).isEqualTo(200);
        assertThat(atB.json().path("username").asText()).isEqualTo("nina");
        assertThat(atB.json().path("csrfToken").asText()).as("the same CSRF token on every gateway").isEqualTo(nina.csrf());
        assertThat(nina.get(b, "/api/patients/p-00").status()).isEqualTo(200);

        a.kill();
        for (int i = 1; i <= 3; i++) {
            assertThat(nina.get(b, "/api/patients/p-0" + i).status()).as("at b after a was killed").isEqualTo(200);
        }
        GatewayProcess a2 = gateway("a");
        ApiClient.Response atNewA = nina.get(a2, "/api/session");
        assertThat(atNewA.status()).as("a gateway started after the sign-in knows it: " + atNewA.body()).isEqualTo(200);
        assertThat(atNewA.json().path("csrfToken").asText()).isEqualTo(nina.csrf());

        ApiClient.Response withoutToken = new Browser(nina.cookie(), "forged").send(b, "POST", "/api/logout");
        assertThat(withoutToken.status()).as("the CSRF token still guards state changes").isEqualTo(403);
        assertThat(nina.send(b, "POST", "/api/logout").status()).isEqualTo(204);
        assertThat(nina.get(b, "/api/session").status()).isEqualTo(401);
        Await.until("the sign-out at b holds at the other gateway, which had the session in memory", WAIT,
                () -> nina.get(a2, "/api/session").status() == 401);
        GatewayProcess a3 = gateway("a");
        assertThat(nina.get(a3, "/api/session").status()).as("and at a gateway started after it").isEqualTo(401);
        Closing.all(a2, a3, b);
    }

    @Test
    void theAuditLogIsOneLogAcrossKillsAndRestartsOfEveryGateway() throws Exception {
        GatewayProcess[] g = {gateway("a"), gateway("b")};
        Instant testStart = Instant.now();
        Browser adam = signIn(g[0], "adam");
        Browser nina = signIn(g[0], "nina");
        Browser sara = signIn(g[1], "sara");
        List<String> done = new ArrayList<>();
        int next = 10;
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < 4; k++) {
                next = view(nina, g[k % 2], next, done);
            }
            allWritten(g[0]);
            g[0].kill();
            next = view(nina, g[1], next, done);
            next = view(nina, g[1], next, done);
            g[0] = gateway("a");
            next = view(nina, g[0], next, done);
            if (round == 1) {
                allWritten(g[1]);
                g[1].kill();
                g[1] = gateway("b");
                next = view(nina, g[1], next, done);
            }
            if (round == 2) {
                // InfluxDB away for a moment: a refused look at a patient of another team (audited, answered 404) is still written down, later.
                assertThat(sara.get(g[1], "/api/session").status()).as("sara's session, known to b before").isEqualTo(200);
                stack.influx().stop();
                try {
                    for (int k = 0; k < 3; k++) {
                        String patient = "p-%02d".formatted(next++);
                        assertThat(sara.get(g[1], "/api/patients/" + patient).status()).as("another team's patient").isEqualTo(404);
                        done.add(patient);
                    }
                    assertThat(g[1].metric("telemed_audit_queued")).as("entries wait for InfluxDB").isPositive();
                } finally {
                    stack.influx().start();
                }
                for (GatewayProcess each : g) {
                    Await.until(each + " reading InfluxDB again", WAIT, () -> each.get("/ready") == 200);
                }
                next = view(nina, g[0], next, done);
            }
        }
        allWritten(g[0]);
        allWritten(g[1]);

        List<JsonNode> log = audit(adam, g[1], 1000, null);
        List<String> seen = new ArrayList<>();
        List<JsonNode> mine = log.stream().filter(e -> !Instant.parse(e.path("at").asText()).isBefore(testStart)).toList();
        for (JsonNode e : mine) {
            String action = e.path("action").asText();
            if (action.equals("view-patient") || action.equals("patient-access")) {
                seen.add(0, e.path("patient").asText());
            }
        }
        assertThat(seen).as("every look at a patient, once each, in the order done, whichever gateway served it")
                .containsExactlyElementsOf(done);
        assertThat(mine).filteredOn(e -> e.path("action").asText().equals("login")).extracting(e -> e.path("username").asText())
                .containsExactly("sara", "nina", "adam");
        for (int i = 1; i < log.size(); i++) {
            assertThat(Instant.parse(log.get(i).path("at").asText())).as("newest first")
                    .isBefore(Instant.parse(log.get(i - 1).path("at").asText()));
        }

        // Page by page with before=, from the other gateway: the same log, no gap, nothing twice.
        List<JsonNode> paged = new ArrayList<>();
        String before = null;
        while (true) {
            List<JsonNode> page = audit(adam, g[0], 7, before);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(page);
            before = page.get(page.size() - 1).path("at").asText();
        }
        assertThat(paged).isEqualTo(log);
        Closing.all(g[0], g[1]);
    }

    /** Nina looks at the next patient at this gateway. */
    static int view(Browser nina, GatewayProcess at, int next, List<String> done) {
        String patient = "p-%02d".formatted(next);
        // Right after InfluxDB's restart a read may be answered 503, which audits nothing; the dashboard asks again.
        ApiClient.Response[] answer = new ApiClient.Response[1];
        Await.until("an answer other than 503 to GET /api/patients/" + patient, WAIT,
                () -> (answer[0] = nina.get(at, "/api/patients/" + patient)).status() != 503);
        ApiClient.Response r = answer[0];
        assertThat(r.status()).as("GET /api/patients/%s at %s: %s", patient, at, r.body()).isEqualTo(200);
        done.add(patient);
        return next + 1;
    }

    static List<JsonNode> audit(Browser admin, GatewayProcess at, int limit, String before) {
        String query = "/api/audit?limit=" + limit + (before == null ? "" : "&before=" + URLEncoder.encode(before, StandardCharsets.UTF_8));
        ApiClient.Response r = admin.get(at, query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        r.json().forEach(entries::add);
        return entries;
    }
}
