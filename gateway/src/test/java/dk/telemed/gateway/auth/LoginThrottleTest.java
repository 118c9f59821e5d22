package dk.telemed.gateway.auth;

import dk.telemed.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T08:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock, 3, 5, Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofMinutes(15), 1000);

    @Test
    void theFirstFailuresAreFreeThenEachBlocksTwiceAsLongUpToTheCap() {
        assertThat(throttle.delay(1, 3)).isZero();
        assertThat(throttle.delay(3, 3)).isZero();
        assertThat(throttle.delay(4, 3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.delay(5, 3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.delay(9, 3)).isEqualTo(Duration.ofSeconds(32));
        assertThat(throttle.delay(10, 3)).isEqualTo(Duration.ofSeconds(60));
        assertThat(throttle.delay(500, 3)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aUsernameIsBlockedFromAnyAddressAfterTooManyFailures() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("nina", "10.0.0." + i);
        }
        assertThat(throttle.blocked("nina", "10.0.0.9")).isEmpty();
        throttle.failed("nina", "10.0.0.4");
        assertThat(throttle.blocked("nina", "10.0.0.9")).contains(Duration.ofSeconds(1));
        assertThat(throttle.blocked("NINA", "10.0.0.9")).as("case variants are one name").isPresent();
        assertThat(throttle.blocked("olga", "10.0.0.9")).isEmpty();
        clock.advance(Duration.ofMillis(1000));
        assertThat(throttle.blocked("nina", "10.0.0.9")).isEmpty();
    }

    @Test
    void anAddressIsBlockedWhateverUsernamesItTriesAfterItsOwnFreeFailures() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "10.0.0.1");
        }
        assertThat(throttle.blocked("someone-else", "10.0.0.1")).isEmpty();
        throttle.failed("user5", "10.0.0.1");
        assertThat(throttle.blocked("someone-else", "10.0.0.1")).contains(Duration.ofSeconds(1));
        assertThat(throttle.blocked("someone-else", "10.0.0.2")).isEmpty();
    }

    @Test
    void aSuccessClearsTheUsernameButNotTheAddress() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.admit("nina", "10.0.0.1")).isEmpty();
        }
        assertThat(throttle.admit("nina", "10.0.0.1")).isEmpty();
        throttle.succeeded("nina", "10.0.0.1");
        assertThat(throttle.admit("nina", "10.0.0.2")).as("count restarted for the name").isEmpty();
        throttle.admit("olga", "10.0.0.1");
        throttle.admit("olga", "10.0.0.1");
        throttle.admit("olga", "10.0.0.1");
        assertThat(throttle.blocked("someone-else", "10.0.0.1")).as("the address kept its 3 failures").isPresent();
    }

    /** 50 guesses for one name sent at once, from 50 addresses: as many are checked as one after another. */
    @Test
    void parallelGuessesAreAdmittedNoMoreOftenThanSequentialOnes() throws Exception {
        int guesses = 50;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger admitted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
        for (int i = 0; i < guesses; i++) {
            String address = "10.1.0." + i;
            all.add(pool.submit(() -> {
                start.await();
                if (throttle.admit("nina", address).isEmpty()) {
                    admitted.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        assertThat(admitted.get()).as("3 free failures, then the one that blocks").isEqualTo(4);
    }

    @Test
    void failuresAreForgottenAfterTheMemoryPeriod() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("nina", "10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(15));
        throttle.sweep();
        throttle.failed("nina", "10.0.0.1");
        assertThat(throttle.blocked("nina", "10.0.0.1")).isEmpty();
    }

    @Test
    void memoryIsBoundedByCapacity() {
        LoginThrottle small = new LoginThrottle(clock, 0, 0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1), 4);
        small.failed("a", "1");
        small.failed("b", "2");
        small.failed("c", "3");
        assertThat(small.blocked("a", "9")).as("the oldest keys were dropped").isEmpty();
        assertThat(small.blocked("c", "9")).isPresent();
    }
}
