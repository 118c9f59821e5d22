package dk.telemed.bench;

import java.time.Instant;

/**
 * Relates wall-clock instants (device-sim's report says when it published, in wall-clock
 * time) to {@link System#nanoTime()}, which the bench's samples use. Both run on the same
 * machine; over a run of minutes the two drift apart by far less than a sample interval.
 */
public final class Clock {
    private static final long NANO0 = System.nanoTime();
    private static final long WALL0_MICROS = micros(Instant.now());

    private Clock() {
    }

    public static long nanosOf(Instant wall) {
        return NANO0 + (micros(wall) - WALL0_MICROS) * 1_000L;
    }

    public static long nanosOf(String rfc3339) {
        return nanosOf(Instant.parse(rfc3339));
    }

    public static Instant wallOf(long nanos) {
        long micros = WALL0_MICROS + (nanos - NANO0) / 1_000L;
        return Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000L;
    }
}
