package dk.telemed.gateway.auth;

import dk.telemed.gateway.store.SessionLedger.Event;
import dk.telemed.testsupport.ManualClock;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Two gateways' sessions on one ledger, as two gateway processes on one InfluxDB. */
class SharedSessionsTest {
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration LIFETIME = Duration.ofHours(12);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T08:00:00Z"));
    private final MemoryLedger ledger = new MemoryLedger();
    private final User nina = new User("nina", Role.NURSE, Set.of("nord-akut"));
    private final Map<String, User> accounts = new java.util.concurrent.ConcurrentHashMap<>(Map.of("nina", nina));
    private final SharedSessions a = gateway();
    private final SharedSessions b = gateway();

    private SharedSessions gateway() {
        return new SharedSessions(new Sessions(clock, IDLE, LIFETIME), ledger, name -> Optional.ofNullable(accounts.get(name)), clock,
                LIFETIME, Duration.ofMinutes(1));
    }

    @Test
    void aSessionCreatedOnOneGatewayIsValidOnAnotherWithTheSameCsrfToken() {
        Sessions.Session s = done(a.create(nina));
        Optional<Sessions.Session> there = done(b.use(s.id()));
        assertThat(there).hasValueSatisfying(t -> {
            assertThat(t.user()).isEqualTo(nina);
            assertThat(t.csrfToken()).isEqualTo(s.csrfToken());
            assertThat(t.created()).isEqualTo(s.created());
        });
        assertThat(b.isLive(s.id())).isTrue();
        assertThat(done(b.use("guessed"))).isEmpty();
    }

    @Test
    void theLedgerHoldsNeitherTheIdNorTheCsrfToken() {
        Sessions.Session s = done(a.create(nina));
        assertThat(ledger.events).singleElement().satisfies(e -> {
            assertThat(e.idHash()).isEqualTo(Sessions.hashOf(s.id())).isNotEqualTo(s.id()).isNotEqualTo(s.csrfToken());
            assertThat(e.event()).isEqualTo(Event.SIGNED_IN);
        });
        assertThat(ledger.events.toString()).doesNotContain(s.id()).doesNotContain(s.csrfToken());
    }

    @Test
    void signingOutOnOneGatewaySignsOutOnEveryOther() {
        Sessions.Session s = done(a.create(nina));
        Sessions.Session atB = done(b.use(s.id())).orElseThrow();
        done(b.remove(atB));
        assertThat(done(b.use(s.id()))).as("on the gateway signed out at").isEmpty();
        assertThat(a.isLive(s.id())).as("before the poll").isTrue();
        done(a.sweep());
        assertThat(a.isLive(s.id())).isFalse();
        assertThat(done(a.use(s.id()))).as("asked again: the ledger says signed out").isEmpty();
    }

    @Test
    void aReplacedCookieIsEndedOnEveryGatewayEvenWhereItWasNeverSeen() {
        Sessions.Session s = done(a.create(nina));
        b.remove(s.id());
        done(a.sweep());
        assertThat(a.isLive(s.id())).isFalse();
    }

    @Test
    void whenTheLedgerCannotBeAskedAnUnknownCookieIsNotAnsweredAsSignedOut() {
        Sessions.Session s = done(a.create(nina));
        ledger.down = true;
        Future<Optional<Sessions.Session>> atB = b.use(s.id());
        assertThat(atB.failed()).as("neither signed in nor signed out: the caller answers 503").isTrue();
        assertThat(done(a.use(s.id()))).as("the gateway that knows it goes on").isPresent();
        ledger.down = false;
        assertThat(done(b.use(s.id()))).isPresent();
    }

    @Test
    void useIsWrittenDownAtMostOncePerMinute() {
        Sessions.Session s = done(a.create(nina));
        for (int i = 0; i < 11; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertThat(done(a.use(s.id()))).isPresent();
        }
        assertThat(ledger.count(Event.SEEN)).as("55 s of use").isZero();
        clock.advance(Duration.ofSeconds(5));
        done(a.use(s.id()));
        assertThat(ledger.count(Event.SEEN)).as("a minute of use").isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        done(a.use(s.id()));
        assertThat(ledger.count(Event.SEEN)).isEqualTo(1);
    }

    @Test
    void theIdleTimeoutHoldsAcrossGatewaysWithinAMinute() {
        Sessions.Session s = done(a.create(nina));
        clock.advance(Duration.ofMinutes(20));
        done(a.use(s.id()));
        // 29 minutes after the last use known to the ledger: still live where it is taken over.
        clock.advance(Duration.ofMinutes(29));
        assertThat(done(b.use(s.id()))).isPresent();
        SharedSessions c = gateway();
        clock.advance(Duration.ofMinutes(30));
        assertThat(done(c.use(s.id()))).as("30 minutes idle").isEmpty();
        assertThat(done(a.use(s.id()))).isEmpty();
    }

    @Test
    void aSessionKeptBusyOnOneGatewayIsStillLiveOnAnotherThatHadItIdle() {
        Sessions.Session s = done(a.create(nina));
        done(b.use(s.id()));
        for (int i = 0; i < 8; i++) {
            clock.advance(Duration.ofMinutes(5));
            done(a.use(s.id()));
        }
        assertThat(done(b.use(s.id()))).as("idle 40 minutes on b, busy on a").isPresent();
    }

    @Test
    void theLifetimeHoldsEverywhereHoweverBusy() {
        Sessions.Session s = done(a.create(nina));
        for (int i = 0; i < 12 * 3 - 1; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(done((i % 2 == 0 ? a : b).use(s.id()))).isPresent();
        }
        clock.advance(Duration.ofMinutes(20));
        assertThat(done(a.use(s.id()))).isEmpty();
        assertThat(done(gateway().use(s.id()))).isEmpty();
    }

    @Test
    void aUserRemovedFromTheUsersFileIsNotTakenOver() {
        Sessions.Session s = done(a.create(nina));
        accounts.remove("nina");
        assertThat(done(b.use(s.id()))).isEmpty();
    }

    private static <T> T done(Future<T> f) {
        assertThat(f.isComplete()).as("the ledger in memory answers at once").isTrue();
        if (f.failed()) {
            throw new AssertionError(f.cause());
        }
        return f.result();
    }
}
