package dk.telemed.gateway.rules;

import java.time.Instant;
import java.util.Optional;

/**
 * How far back the late readings of one series reach: the oldest reading older than the
 * newest held, over the last one or two spans of late readings. A late device's readings come
 * in time order, so the mark follows it forward span by span, while the oldest of several late
 * devices is never passed over within a span. Not thread-safe.
 */
final class LateReadings {
    private static final long NEVER = Long.MIN_VALUE;

    private final int span;
    private Instant oldestNow;
    private Instant oldestBefore;
    private int count;
    private long lastAtMillis = NEVER;

    /** @param span late readings per span */
    LateReadings(int span) {
        this.span = span;
    }

    /** A reading measured at {@code ts}, older than the newest held, arrived at {@code nowMillis}. */
    void arrived(Instant ts, long nowMillis) {
        if (++count % span == 0) {
            oldestBefore = oldestNow;
            oldestNow = null;
        }
        oldestNow = oldestNow == null || ts.isBefore(oldestNow) ? ts : oldestNow;
        lastAtMillis = nowMillis;
    }

    /** The oldest late reading of the last one or two spans; none once no late reading arrived since {@code sinceMillis}. */
    Optional<Instant> oldest(long sinceMillis) {
        if (lastAtMillis == NEVER || lastAtMillis < sinceMillis) {
            oldestNow = null;
            oldestBefore = null;
            return Optional.empty();
        }
        if (oldestBefore == null || (oldestNow != null && oldestNow.isBefore(oldestBefore))) {
            return Optional.ofNullable(oldestNow);
        }
        return Optional.of(oldestBefore);
    }
}
