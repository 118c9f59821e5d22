package dk.telemed.gateway.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One receiver's circuit breaker: after {@code failureThreshold} failed attempts in a row it
 * opens, and the receiver is tried again only after {@code coolDown} (half-open: one probe).
 * The probe's success closes it; its failure opens it for another cool-down. So a receiver
 * that is down costs one request per cool-down, not one per event or per backoff step. Pure:
 * the caller brings the time.
 */
public final class CircuitBreaker {
    /** The breaker's states, as shown in /api/webhooks. */
    public enum State {
        CLOSED, OPEN, HALF_OPEN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final int failureThreshold;
    private final Duration coolDown;
    private int consecutiveFailures;
    private Instant openUntil;

    public CircuitBreaker(int failureThreshold, Duration coolDown) {
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
    }

    public State state(Instant now) {
        if (openUntil == null) {
            return State.CLOSED;
        }
        return now.isBefore(openUntil) ? State.OPEN : State.HALF_OPEN;
    }

    /** The earliest time the next attempt may be made: now, unless the breaker is open. */
    public Instant permittedAt(Instant now) {
        return state(now) == State.OPEN ? openUntil : now;
    }

    /** The receiver answered (any answer but a failure): it is up. */
    public void onSuccess() {
        consecutiveFailures = 0;
        openUntil = null;
    }

    public void onFailure(Instant now) {
        consecutiveFailures++;
        if (openUntil != null || consecutiveFailures >= failureThreshold) {
            openUntil = now.plus(coolDown);
        }
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }
}
