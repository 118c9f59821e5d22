package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in, sessions, CSRF, security headers and the audit log against a real gateway process
 * (with a real broker and database): what a browser and an attacker would see.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WebSecurityIT {
    static final Path DIR = Path.of("target/it/WebSecurityIT");
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    static TestStack stack;
    static TestUsers users;
    static GatewayProcess gateway;

    @BeforeAll
    static void start() {
        stack = TestStack.start(DIR, """
                patients:
                  - { id: p-0001, careTeam: nord-akut, conditions: [copd], devices: [oxi-0001] }
                  - { id: p-0002, careTeam: syd-hjemmepleje, conditions: [copd], devices: [oxi-0002] }
                """);
        users = new TestUsers()
                .add("nina", "nurse", "nord-akut")
                .add("sara", "nurse", "syd-hjemmepleje")
                .add("carl", "clinician", "nord-akut", "syd-hjemmepleje")
                .add("adam", "admin")
                .add("bert", "nurse", "nord-akut");
        // The second failure of a username blocks it for a minute: longer than this test needs.
        gateway = stack.track(stack.gateway("web-it").users(users.write(DIR)).env(Map.of(
                "TELEMED_AUTH_FREE_FAILURES", "1",
                "TELEMED_AUTH_FAILURE_DELAY_INITIAL_MS", "60000",
                "TELEMED_AUTH_FAILURE_DELAY_MAX_MS", "120000")).start());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    ApiClient client() {
        return new ApiClient(gateway.url());
    }

    @Test
    void signInSetsAnHttpOnlyStrictSessionCookieAndTheSessionNamesTheUser() {
        ApiClient browser = client();
        ApiClient.Response login = browser.login("carl", users.password("carl"));
        assertThat(login.status()).isEqualTo(204);
        assertThat(login.setCookies()).singleElement().asString()
                .startsWith("telemed_session=").contains("; Path=/").containsIgnoringCase("; HttpOnly")
                .contains("; SameSite=Strict").doesNotContain("Secure");
        JsonNode session = browser.session().json();
        assertThat(session.path("username").asText()).isEqualTo("carl");
        assertThat(session.path("role").asText()).isEqualTo("clinician");
        assertThat(session.path("careTeams")).extracting(JsonNode::asText).containsExactly("nord-akut", "syd-hjemmepleje");
        assertThat(session.path("csrfToken").asText()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        ApiClient.Response wrong = client().login("sara", users.password("sara") + "x");
        ApiClient.Response unknown = client().login("nobody-here", "whatever-password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(wrong.setCookies()).isEmpty();
    }

    @Test
    void repeatedFailuresBlockTheUsernameEvenForTheRightPassword() {
        ApiClient attacker = client();
        assertThat(attacker.login("bert", "guess-1").status()).isEqualTo(401);
        assertThat(attacker.login("bert", "guess-2").status()).isEqualTo(401);
        ApiClient.Response tooMany = attacker.login("bert", "guess-3");
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.header("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 60L));
        ApiClient.Response rightPassword = client().login("bert", users.password("bert"));
        assertThat(rightPassword.status()).isEqualTo(429);
        assertThat(rightPassword.setCookies()).isEmpty();
        assertThat(client().login("nina", users.password("nina")).status()).as("other users are not blocked").isEqualTo(204);
    }

    @Test
    void withoutASessionTheApiAnswers401() {
        for (String path : List.of("/api/session", "/api/patients", "/api/audit", "/api/anything")) {
            ApiClient.Response r = client().get(path);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.json().path("error").asText()).isEqualTo("unauthorized");
        }
        ApiClient forged = client();
        assertThat(forged.send("GET", "/api/session", null, Map.of("Cookie", "telemed_session=made-up")).status()).isEqualTo(401);
    }

    @Test
    void aStateChangingCallWithoutTheCsrfTokenIs403() {
        ApiClient browser = client().signIn("nina", users.password("nina"));
        browser.forgetCsrfToken();
        assertThat(browser.logout().status()).isEqualTo(403);
        assertThat(browser.send("POST", "/api/logout", "", Map.of("X-CSRF-Token", "not-the-token")).status()).isEqualTo(403);
        assertThat(browser.session().status()).as("still signed in").isEqualTo(200);
        assertThat(browser.logout().status()).isEqualTo(204);
        assertThat(browser.get("/api/session").status()).isEqualTo(401);
    }

    @Test
    void signInWithAnOldCookieGivesANewSessionId() {
        ApiClient browser = client().signIn("nina", users.password("nina"));
        String before = browser.cookie("telemed_session").orElseThrow().getValue();
        browser.signIn("nina", users.password("nina"));
        String after = browser.cookie("telemed_session").orElseThrow().getValue();
        assertThat(after).isNotEqualTo(before);
        assertThat(client().send("GET", "/api/session", null, Map.of("Cookie", "telemed_session=" + before)).status())
                .as("the old session is gone").isEqualTo(401);
    }

    @Test
    void everyResponseCarriesTheSecurityHeadersAndApiAnswersAreNotCached() {
        ApiClient browser = client();
        List<ApiClient.Response> responses = new ArrayList<>(List.of(browser.get("/"), browser.get("/health"),
                browser.get("/api/session"), browser.login("nina", users.password("nina"))));
        responses.add(browser.get("/api/session"));
        for (ApiClient.Response r : responses) {
            HttpHeaders h = r.headers();
            assertThat(h.firstValue("Content-Security-Policy")).contains(CSP);
            assertThat(h.firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(h.firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(h.firstValue("X-Frame-Options")).contains("DENY");
        }
        assertThat(responses.get(2).header("Cache-Control")).contains("no-store");
        assertThat(responses.get(4).header("Cache-Control")).contains("no-store");
    }

    @Test
    void theAuditLogRecordsSignInsAndIsReadableByAdminsOnly() {
        ApiClient nurse = client().signIn("sara", users.password("sara"));
        nurse.logout();
        ApiClient admin = client().signIn("adam", users.password("adam"));
        Await.until("sara's sign-in and sign-out in the audit log", Duration.ofSeconds(30), () -> {
            JsonNode entries = admin.get("/api/audit?limit=1000").json();
            return contains(entries, "sara", "login", "allowed") && contains(entries, "sara", "logout", "allowed");
        });
        JsonNode entries = admin.get("/api/audit?limit=1000").json();
        assertThat(entries.toString()).doesNotContain(users.password("sara"));
        assertThat(admin.get("/api/audit?limit=1").json()).hasSize(1);
        assertThat(admin.get("/api/audit?limit=0").status()).isEqualTo(400);
        assertThat(admin.get("/api/audit?before=2000-01-01T00:00:00Z").json()).isEmpty();

        assertThat(client().signIn("nina", users.password("nina")).get("/api/audit").status()).isEqualTo(403);
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            assertThat(admin.send(method, "/api/audit", "{}", Map.of("Content-Type", "application/json")).status())
                    .as(method).isEqualTo(405);
        }
        assertThat(admin.get("/api/audit").status()).as("nothing was removed").isEqualTo(200);
    }

    @Test
    void aRefusedPatientRequestWithoutASessionIsAudited() {
        assertThat(client().get("/api/patients/p-0002/readings?type=spo2").status()).isEqualTo(401);
        ApiClient admin = client().signIn("adam", users.password("adam"));
        Await.until("the refused request for p-0002 in the audit log", Duration.ofSeconds(30), () -> {
            for (JsonNode e : admin.get("/api/audit?limit=1000").json()) {
                if (e.path("patient").asText().equals("p-0002") && e.path("outcome").asText().equals("unauthenticated")) {
                    return true;
                }
            }
            return false;
        });
    }

    static boolean contains(JsonNode entries, String username, String action, String outcome) {
        for (JsonNode e : entries) {
            if (e.path("username").asText().equals(username) && e.path("action").asText().equals(action)
                    && e.path("outcome").asText().equals(outcome)) {
                return true;
            }
        }
        return false;
    }
}
