package dk.telemed.gateway.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    static final Instant EVENT = Instant.parse("2026-11-22T06:40:00Z");
    final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofHours(72), new SplittableRandom(42));

    Duration delay(int failures, Instant now, Optional<Duration> retryAfter) {
        RetryPolicy.Decision d = policy.afterFailure(failures, EVENT, now, retryAfter);
        assertThat(d).isInstanceOf(RetryPolicy.Decision.RetryAt.class);
        return Duration.between(now, ((RetryPolicy.Decision.RetryAt) d).at());
    }

    @Test
    void theFirstRetryWaitsTheInitialBackoff() {
        assertThat(delay(1, EVENT, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void eachRetryWaitsBetweenTheInitialAndADoublingBoundUpToTheCap() {
        for (int n = 1; n <= 40; n++) {
            long bound = Math.min(600_000L, 1000L << Math.min(n - 1, 30));
            for (int i = 0; i < 50; i++) {
                assertThat(policy.backoff(n).toMillis()).as("attempt %d", n).isBetween(1000L, bound);
            }
        }
        assertThat(policy.backoff(Integer.MAX_VALUE)).isLessThanOrEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theJitterSpreadsTheRetries() {
        long distinct = java.util.stream.IntStream.range(0, 100).mapToLong(i -> policy.backoff(8).toMillis()).distinct().count();
        assertThat(distinct).isGreaterThan(50);
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        RetryPolicy a = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(72), new SplittableRandom(7));
        RetryPolicy b = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(72), new SplittableRandom(7));
        for (int n = 1; n < 20; n++) {
            assertThat(a.backoff(n)).isEqualTo(b.backoff(n));
        }
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsHonoured() {
        assertThat(delay(1, EVENT, Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aShortRetryAfterDoesNotShortenTheBackoff() {
        Duration d = delay(12, EVENT, Optional.of(Duration.ZERO));
        assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anAbsurdRetryAfterIsCapped() {
        assertThat(delay(1, EVENT, Optional.of(Duration.ofDays(30)))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theLastAttemptIsAtTheDeadlineThenItGivesUp() {
        Instant almost = EVENT.plus(Duration.ofHours(72)).minusSeconds(5);
        RetryPolicy.Decision last = policy.afterFailure(30, EVENT, almost, Optional.empty());
        assertThat(last).isEqualTo(new RetryPolicy.Decision.RetryAt(EVENT.plus(Duration.ofHours(72))));
        assertThat(policy.afterFailure(31, EVENT, EVENT.plus(Duration.ofHours(72)), Optional.empty()))
                .isEqualTo(new RetryPolicy.Decision.GiveUp(EVENT.plus(Duration.ofHours(72))));
    }

    @Test
    void hoursOfFailuresAreRetriedNotGivenUp() {
        Instant now = EVENT;
        int failures = 0;
        while (true) {
            RetryPolicy.Decision d = policy.afterFailure(++failures, EVENT, now, Optional.empty());
            if (d instanceof RetryPolicy.Decision.GiveUp) {
                break;
            }
            now = ((RetryPolicy.Decision.RetryAt) d).at();
        }
        assertThat(now).isEqualTo(EVENT.plus(Duration.ofHours(72)));
        // Mostly at the 10-minute cap: hundreds of attempts over three days, not thousands.
        assertThat(failures).isBetween(72 * 6, 72 * 12 + 20);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-10-21T07:27:00Z");
        assertThat(RetryPolicy.parseRetryAfter("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryPolicy.parseRetryAfter(" 0 ", now)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT", now)).contains(Duration.ofSeconds(60));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2026 07:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter("-5", now)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter("99999999999999999999999", now)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isEmpty();
    }
}
