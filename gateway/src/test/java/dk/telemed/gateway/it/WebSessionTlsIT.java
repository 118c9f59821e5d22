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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway serving HTTPS with a throwaway certificate, and sessions that end after 2 s idle.
 * The gateway's clock is the system clock moved by the duration in {@code clock-offset}
 * ({@code -Dtelemed.clock.offsetFile}), so the test lets idle time pass by moving it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebSessionTlsIT {
    static final Path DIR = Path.of("target/it/WebSessionTlsIT");
    static TestStack stack;
    static TestUsers users;
    static GatewayProcess gateway;
    static SelfSignedCert cert;
    static Path clockOffset;

    @BeforeAll
    static void start() {
        stack = TestStack.start(DIR, "patients: []\n");
        users = new TestUsers().add("nina", "nurse", "nord-akut");
        cert = SelfSignedCert.create(DIR.resolve("tls"));
        clockOffset = DIR.resolve("clock-offset");
        moveClockTo(Duration.ZERO);
        gateway = stack.track(stack.gateway("web-tls-it").users(users.write(DIR))
                .jvmArg("-Dtelemed.clock.offsetFile=" + clockOffset.toAbsolutePath()).env(Map.of(
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

    /** Sets how far the gateway's clock runs ahead of real time; the gateway reads the file again when it changes. */
    static void moveClockTo(Duration ahead) {
        try {
            Path written = Files.writeString(DIR.resolve("clock-offset.new"), ahead.toString());
            Files.move(written, clockOffset, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    void aSessionLeftIdleEnds() {
        moveClockTo(Duration.ZERO);
        ApiClient browser = client().signIn("nina", users.password("nina"));
        moveClockTo(Duration.ofSeconds(1));
        assertThat(browser.get("/api/session").status()).as("in use within the 2 s").isEqualTo(200);
        // Any request counts as use: 2 s after the last one, the session has ended.
        moveClockTo(Duration.ofMillis(1000 + 2100));
        assertThat(browser.get("/api/session").status()).isEqualTo(401);
        assertThat(browser.signIn("nina", users.password("nina")).session().status()).as("signing in again works").isEqualTo(200);
    }
}
