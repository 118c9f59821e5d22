package dk.telemed.gateway.auth;

import dk.telemed.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T08:00:00Z"));
    private final Sessions sessions = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(12));
    private final User nina = new User("nina", Role.NURSE, Set.of("nord-akut"));

    @Test
    void eachSessionHasItsOwnUnguessableIdAndCsrfToken() {
        Sessions.Session a = sessions.create(nina);
        Sessions.Session b = sessions.create(nina);
        assertThat(a.id()).isNotEqualTo(b.id()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.csrfToken()).isNotEqualTo(a.id()).isNotEqualTo(b.csrfToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(sessions.use(a.id())).hasValueSatisfying(s -> assertThat(s.user()).isEqualTo(nina));
        assertThat(sessions.use("guessed")).isEmpty();
    }

    @Test
    void aSessionEndsAfterTheIdleTimeoutUnlessUsed() {
        Sessions.Session used = sessions.create(nina);
        Sessions.Session idle = sessions.create(nina);
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.use(used.id())).isPresent();
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.use(used.id())).isPresent();
        assertThat(sessions.use(idle.id())).isEmpty();
    }

    @Test
    void aSessionEndsAtItsLifetimeHoweverBusy() {
        Sessions.Session s = sessions.create(nina);
        for (int i = 0; i < 12 * 3 - 1; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(sessions.use(s.id())).as("after %d minutes", (i + 1) * 20).isPresent();
        }
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.use(s.id())).isEmpty();
    }

    @Test
    void removedAndSweptSessionsAreGone() {
        Sessions.Session a = sessions.create(nina);
        sessions.create(nina);
        sessions.remove(a.id());
        assertThat(sessions.use(a.id())).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(sessions.sweep()).isEqualTo(1);
        assertThat(sessions.size()).isZero();
    }

    @Test
    void theCsrfTokenAndTheStoresNameOfASessionFollowFromItsIdAndGiveItAway() {
        Sessions.Session a = sessions.create(nina);
        assertThat(a.csrfToken()).isEqualTo(Sessions.csrfOf(a.id()));
        assertThat(Sessions.hashOf(a.id())).isNotEqualTo(a.id()).isNotEqualTo(a.csrfToken()).hasSize(43);
        assertThat(Sessions.hashOf(a.id())).isEqualTo(Sessions.hashOf(a.id()));
    }

    @Test
    void aSessionFromTheStoreIsAdoptedOnlyWhileLive() {
        java.time.Instant now = clock.instant();
        assertThat(sessions.adopt("from-elsewhere", nina, now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(29))))
                .hasValueSatisfying(s -> assertThat(s.lastSeen()).isEqualTo(now));
        assertThat(sessions.use("from-elsewhere")).isPresent();
        assertThat(sessions.adopt("idle", nina, now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(30)))).isEmpty();
        assertThat(sessions.adopt("old", nina, now.minus(Duration.ofHours(12)), now)).isEmpty();
        assertThat(sessions.use("idle")).isEmpty();
    }
}
