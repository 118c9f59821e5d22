package dk.telemed.gateway.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SessionAuthTest {
    private final SharedSessions sessions = new SharedSessions(new Sessions(Clock.systemUTC(), Duration.ofMinutes(1),
            Duration.ofMinutes(2)), new MemoryLedger(), name -> Optional.empty(), Clock.systemUTC(), Duration.ofMinutes(2),
            Duration.ofMinutes(1));

    @Test
    void readingNeedsNoCsrfToken() {
        for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS}) {
            assertThat(SessionAuth.csrfAllows(m, null, "token")).as(m.name()).isTrue();
        }
    }

    @Test
    void everyStateChangingMethodNeedsTheSessionsToken() {
        for (HttpMethod m : new HttpMethod[] {HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE}) {
            assertThat(SessionAuth.csrfAllows(m, "token", "token")).as(m.name()).isTrue();
            assertThat(SessionAuth.csrfAllows(m, null, "token")).as(m.name() + " without").isFalse();
            assertThat(SessionAuth.csrfAllows(m, "", "token")).as(m.name() + " empty").isFalse();
            assertThat(SessionAuth.csrfAllows(m, "tokem", "token")).as(m.name() + " wrong").isFalse();
            assertThat(SessionAuth.csrfAllows(m, "token", null)).as(m.name() + " no session").isFalse();
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndForTheWholeSite() {
        String cookie = new SessionAuth(sessions, false).sessionCookie("abc").encode();
        assertThat(cookie).startsWith("telemed_session=abc").contains("; Path=/").contains("; HTTPOnly")
                .contains("; SameSite=Strict").doesNotContain("Secure").doesNotContain("Max-Age");
    }

    @Test
    void underTlsTheCookieIsSecure() {
        assertThat(new SessionAuth(sessions, true).sessionCookie("abc").encode()).contains("; Secure");
    }

    @Test
    void signingOutExpiresTheCookieWithTheSameAttributes() {
        Cookie expired = new SessionAuth(sessions, true).expiredCookie();
        assertThat(expired.encode()).startsWith("telemed_session=;").contains("Max-Age=0").contains("; Secure")
                .contains("; SameSite=Strict");
    }

    @Test
    void thePatientOfAnApiPathIsItsSecondSegment() {
        assertThat(SignInApi.patientOfPath("/api/patients/p-0001/readings")).contains("p-0001");
        assertThat(SignInApi.patientOfPath("/api/patients/p-0002")).contains("p-0002");
        assertThat(SignInApi.patientOfPath("/api/patients")).isEmpty();
        assertThat(SignInApi.patientOfPath("/api/patients/")).isEqualTo(Optional.empty());
        assertThat(SignInApi.patientOfPath("/api/alerts")).isEmpty();
    }
}
