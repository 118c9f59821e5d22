package dk.telemed.bench;

import java.util.List;
import java.util.OptionalLong;

/**
 * Rates from a counter sampled over time (a gateway's readings stored, a subscriber's messages
 * received), with linear interpolation between samples, so a window need not start or end
 * on a sample.
 */
public final class Rates {
    /** One sample: when ({@link System#nanoTime()}) and the counter's value. */
    public record Sample(long nanos, double value) {
    }

    private Rates() {
    }

    /** The counter at {@code nanos}, interpolated; the first or last value outside the samples. */
    public static double valueAt(List<Sample> samples, long nanos) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        Sample first = samples.get(0);
        if (nanos <= first.nanos()) {
            return first.value();
        }
        for (int i = 1; i < samples.size(); i++) {
            Sample b = samples.get(i);
            if (nanos <= b.nanos()) {
                Sample a = samples.get(i - 1);
                double f = (double) (nanos - a.nanos()) / (b.nanos() - a.nanos());
                return a.value() + f * (b.value() - a.value());
            }
        }
        return samples.get(samples.size() - 1).value();
    }

    /** Increase per second between two instants. */
    public static double perSecond(List<Sample> samples, long fromNanos, long toNanos) {
        if (toNanos <= fromNanos) {
            throw new IllegalArgumentException("empty window");
        }
        return (valueAt(samples, toNanos) - valueAt(samples, fromNanos)) / ((toNanos - fromNanos) / 1e9);
    }

    /** When the counter first reached {@code value} (interpolated), or empty when it never did. */
    public static OptionalLong firstReaching(List<Sample> samples, double value) {
        for (int i = 0; i < samples.size(); i++) {
            Sample b = samples.get(i);
            if (b.value() >= value) {
                if (i == 0) {
                    return OptionalLong.of(b.nanos());
                }
                Sample a = samples.get(i - 1);
                double f = (value - a.value()) / (b.value() - a.value());
                return OptionalLong.of(a.nanos() + Math.round(f * (b.nanos() - a.nanos())));
            }
        }
        return OptionalLong.empty();
    }

    /** The largest value sampled within the window (for gauges such as heap in use). */
    public static double maxWithin(List<Sample> samples, long fromNanos, long toNanos) {
        return samples.stream().filter(s -> s.nanos() >= fromNanos && s.nanos() <= toNanos)
                .mapToDouble(Sample::value).max().orElse(Double.NaN);
    }
}
