package dk.telemed.gateway.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Timestamps that no other point of the same series can have. InfluxDB keeps one point per
 * series and timestamp, so two points written with the same tags at the same nanosecond are
 * one point: the second overwrites the first. Every writer (a gateway process, or one build of
 * its components) tags its points with its own random {@link #writer()} id, so two gateways
 * never share a series; and within one writer each timestamp is at least one nanosecond after
 * the one before, so two events of the same instant stay two points, in the order given.
 */
public final class UniqueTimes {
    private static final int WRITER_BYTES = 8;
    private final String writer;
    private long lastNanos = Long.MIN_VALUE;

    public UniqueTimes(SecureRandom random) {
        byte[] bytes = new byte[WRITER_BYTES];
        random.nextBytes(bytes);
        this.writer = HexFormat.of().formatHex(bytes);
    }

    /** The tag value that keeps this writer's points apart from every other writer's. */
    public String writer() {
        return writer;
    }

    /** {@code at} in epoch nanoseconds, moved on by a nanosecond or more past the last one handed out. */
    public synchronized long nanos(Instant at) {
        long nanos = ReadingHistory.nanos(at);
        lastNanos = nanos > lastNanos ? nanos : lastNanos + 1;
        return lastNanos;
    }
}
