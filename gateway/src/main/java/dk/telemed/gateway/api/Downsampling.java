package dk.telemed.gateway.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a patient's readings over a period come back: every reading while there are at most
 * {@code maxPoints}, otherwise the mean over intervals from a fixed ladder of round sizes,
 * the smallest with which the period still fits in {@code maxPoints} intervals. Round sizes
 * keep a chart's buckets aligned from one request to the next.
 */
final class Downsampling {
    static final List<Duration> LADDER = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2),
            Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30));

    private Downsampling() {
    }

    /** Empty: return the readings as they are. */
    static Optional<Duration> interval(Duration period, long readings, int maxPoints) {
        if (readings <= maxPoints) {
            return Optional.empty();
        }
        return Optional.of(intervalFor(period, maxPoints));
    }

    /**
     * A period cut at round boundaries can touch one more bucket than it spans, hence
     * {@code maxPoints - 1}.
     */
    static Duration intervalFor(Duration period, int maxPoints) {
        long neededSeconds = (period.toSeconds() + maxPoints - 2) / (maxPoints - 1);
        return LADDER.stream().filter(d -> d.toSeconds() >= neededSeconds).findFirst()
                .orElseGet(() -> Duration.ofDays((neededSeconds + 86_399) / 86_400));
    }

    /** The InfluxQL duration literal. */
    static String influxql(Duration interval) {
        return interval.toSeconds() + "s";
    }
}
