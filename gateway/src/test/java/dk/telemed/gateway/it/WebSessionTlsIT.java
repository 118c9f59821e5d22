package dk.telemed.gateway.it;

import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.SelfSignedCert;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway serving HTTPS with a throwaway certificate, and sessions that end after 2 s idle. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebSessionTlsIT {
    static final Path DIR = Path.of("target/it/WebSessionTlsIT");
    static TestStack stack;
    static TestUsers users;
    static GatewayProcess gateway;
    static SelfSignedCert cert;

    @BeforeAll
    static void start() {
        stack = TestStack.start(DIR, "patients: []\n");
        users = new TestUsers().add("nina", "nurse", "nord-akut");
        cert = SelfSignedCert.create(DIR.resolve("tls"));
        gateway = stack.track(stack.gateway("web-tls-it").users(users.write(DIR)).env(Map.of(
                "TELEMED_HTTP_TLS_CERT_FILE", cert.certFile().toString(),
                "TELEMED_HTTP_TLS_KEY_FILE", cert.keyFile().toString(),
                "TELEMED_AUTH_SESSION_IDLE_SECONDS", "2",
                "TELEMED_AUTH_SESSION_LIFETIME_SECONDS", "600")).launch());
        // /health is served over HTTPS only, which the plain start() cannot ask.
        Await.until("the gateway answering over HTTPS", Duration.ofSeconds(60), () -> client().get("/health").status() == 200);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static ApiClient client() {
        return new ApiClient("https://127.0.0.1:" + gateway.httpPort(), cert.sslContext());
    }

    @Test
    void overTlsTheSessionCookieIsSecureAndStrictTransportSecurityIsSent() {
        ApiClient.Response login = client().login("nina", users.password("nina"));
        assertThat(login.status()).isEqualTo(204);
        assertThat(login.setCookies()).singleElement().asString().contains("; Secure").containsIgnoringCase("; HttpOnly")
                .contains("; SameSite=Strict");
        assertThat(login.header("Strict-Transport-Security")).isPresent();
    }

    @Test
    void aSessionLeftIdleEnds() throws InterruptedException {
        ApiClient browser = client().signIn("nina", users.password("nina"));
        // Any request counts as use, so the test must stay silent for longer than the 2 s idle timeout.
        Thread.sleep(3000);
        assertThat(browser.get("/api/session").status()).isEqualTo(401);
        assertThat(browser.signIn("nina", users.password("nina")).session().status()).as("signing in again works").isEqualTo(200);
    }
}
