package dk.telemed.bench;

import dk.telemed.testsupport.PrometheusText;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Percentiles of a Prometheus histogram ({@code _bucket{le=...}}) over an interval: the
 * difference of two scrapes, so only what was observed between them counts. Within a bucket
 * the value is interpolated linearly, as Prometheus' {@code histogram_quantile} does, so the
 * result is only as fine as the buckets around it.
 */
public final class HistogramDelta {
    private HistogramDelta() {
    }

    /** Cumulative counts by upper bound ({@code le}), {@code +Inf} included. */
    public static TreeMap<Double, Double> buckets(String metricsText, String histogram) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (PrometheusText.Sample s : PrometheusText.parse(metricsText)) {
            if (s.name().equals(histogram + "_bucket") && s.labels().containsKey("le")) {
                String le = s.labels().get("le");
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.merge(bound, s.value(), Double::sum);
            }
        }
        return buckets;
    }

    /** {@code after - before}, bucket by bucket. */
    public static TreeMap<Double, Double> minus(Map<Double, Double> after, Map<Double, Double> before) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        after.forEach((le, count) -> delta.put(le, count - before.getOrDefault(le, 0.0)));
        return delta;
    }

    /** The q-quantile (0..1) of cumulative buckets; NaN when empty. */
    public static double quantile(TreeMap<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty()) {
            return Double.NaN;
        }
        double total = cumulative.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        double target = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= target) {
                if (e.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = e.getValue() - lowerCount;
                double f = inBucket <= 0 ? 1 : (target - lowerCount) / inBucket;
                return lowerBound + f * (e.getKey() - lowerBound);
            }
            lowerBound = e.getKey();
            lowerCount = e.getValue();
        }
        return lowerBound;
    }

    /** How many observations the (cumulative) buckets hold. */
    public static double count(TreeMap<Double, Double> cumulative) {
        return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }

    /** The gateway's receipt-to-stored timer between two scrapes, in milliseconds. */
    public static Percentiles percentilesMs(String before, String after, String histogram) {
        TreeMap<Double, Double> delta = minus(buckets(after, histogram), buckets(before, histogram));
        int n = (int) Math.round(count(delta));
        if (n == 0) {
            return Percentiles.NONE;
        }
        double maxSeconds = maxBound(delta);
        return new Percentiles(n, quantile(delta, 0.50) * 1000, quantile(delta, 0.99) * 1000, maxSeconds * 1000, Double.NaN);
    }

    /** The upper bound of the highest bucket that gained observations: the max is at most this. */
    static double maxBound(TreeMap<Double, Double> cumulative) {
        double previous = 0;
        double bound = Double.NaN;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() > previous) {
                bound = e.getKey();
            }
            previous = e.getValue();
        }
        return bound;
    }

    static List<Double> bounds(TreeMap<Double, Double> cumulative) {
        return List.copyOf(cumulative.keySet());
    }
}
