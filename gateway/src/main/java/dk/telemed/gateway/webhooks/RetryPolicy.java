package dk.telemed.gateway.webhooks;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.config.WebhookDeliveryConfig;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again, and when to stop: exponential backoff with jitter
 * between {@code initial} and a {@code max} bound, at least as long as a {@code Retry-After}
 * asks (up to {@code maxRetryAfter}), and no later than {@code giveUpAfter} after the event
 * happened, where one last attempt is made before giving up. Pure: the caller brings the clock
 * and the random source, so a test needs no sleeps.
 */
public final class RetryPolicy {
    private final Backoff backoff;
    private final Duration maxRetryAfter;
    private final Duration giveUpAfter;
    private final RandomGenerator random;

    /** What to do after a failed attempt. */
    public sealed interface Decision {
        /** Try again at {@code at}. */
        record RetryAt(Instant at) implements Decision {
        }

        /** The event has been tried until its deadline: give it up. */
        record GiveUp(Instant deadline) implements Decision {
        }
    }

    public RetryPolicy(Duration initial, Duration max, Duration maxRetryAfter, Duration giveUpAfter, RandomGenerator random) {
        this.backoff = new Backoff(initial, max);
        this.maxRetryAfter = maxRetryAfter;
        this.giveUpAfter = giveUpAfter;
        this.random = random;
    }

    public static RetryPolicy of(WebhookDeliveryConfig c, RandomGenerator random) {
        return new RetryPolicy(Duration.ofMillis(c.initialBackoffMs()), Duration.ofMillis(c.maxBackoffMs()),
                Duration.ofMillis(c.maxRetryAfterMs()), Duration.ofSeconds(c.giveUpAfterSeconds()), random);
    }

    /** The moment after which an event that happened at {@code eventAt} is no longer retried. */
    public Instant deadline(Instant eventAt) {
        return eventAt.plus(giveUpAfter);
    }

    /**
     * @param failedAttempts attempts of this event that failed so far, this one included (1 after the first)
     * @param retryAfter     what the receiver's {@code Retry-After} asked for, if anything
     */
    public Decision afterFailure(int failedAttempts, Instant eventAt, Instant now, Optional<Duration> retryAfter) {
        Instant deadline = deadline(eventAt);
        if (!now.isBefore(deadline)) {
            return new Decision.GiveUp(deadline);
        }
        Duration delay = backoff(failedAttempts);
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
            delay = asked.compareTo(delay) > 0 ? asked : delay;
        }
        Instant at = now.plus(delay);
        return new Decision.RetryAt(at.isAfter(deadline) ? deadline : at);
    }

    /** A random delay between {@code initial} and {@code min(max, initial * 2^(n-1))}. */
    Duration backoff(int failedAttempts) {
        long initialMs = backoff.firstMs();
        long bound = backoff.bound(failedAttempts).toMillis();
        long ms = bound <= initialMs ? initialMs : random.nextLong(initialMs, bound + 1);
        return Duration.ofMillis(ms);
    }

    /**
     * A {@code Retry-After} value: delay seconds ({@code 120}) or an HTTP date
     * ({@code Wed, 21 Oct 2026 07:28:00 GMT}); empty when absent or not understood.
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
