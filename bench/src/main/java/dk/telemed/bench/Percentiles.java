package dk.telemed.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles of a set of samples by the nearest-rank method: p99 of 300 samples is the 297th
 * smallest, an observed value, never an interpolation between two.
 *
 * @param count how many samples
 */
public record Percentiles(int count, double p50, double p99, double max, double mean) {
    public static final Percentiles NONE = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Percentiles of(Collection<Double> samples) {
        return of(samples.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static Percentiles of(double[] samples) {
        if (samples.length == 0) {
            return NONE;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 99), sorted[sorted.length - 1],
                Arrays.stream(sorted).average().orElse(Double.NaN));
    }

    /** The nearest-rank percentile: the smallest value with at least p % of the samples at or below it. */
    static double rank(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
