package dk.telemed.gateway.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a patient's own level is taken from a window of readings: a percentile by nearest rank,
 * the median being the 50th and the maximum the 100th. A robust statistic (the median, a high
 * percentile) keeps one stray reading from moving every later comparison, as the maximum does.
 */
public record LevelStatistic(double percentile) {
    public static final LevelStatistic MEDIAN = new LevelStatistic(50);
    public static final LevelStatistic MAX = new LevelStatistic(100);

    public LevelStatistic {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("a percentile lies in (0, 100]: " + percentile);
        }
    }

    /** {@code median}, {@code max} or {@code pNN} (e.g. {@code p90}). */
    public static Optional<LevelStatistic> fromWireName(String name) {
        if (name.equals("median")) {
            return Optional.of(MEDIAN);
        }
        if (name.equals("max")) {
            return Optional.of(MAX);
        }
        if (name.matches("p\\d{1,2}")) {
            int p = Integer.parseInt(name.substring(1));
            return p > 0 ? Optional.of(new LevelStatistic(p)) : Optional.empty();
        }
        return Optional.empty();
    }

    public String wireName() {
        return percentile == 50 ? "median" : percentile == 100 ? "max" : "p" + Math.round(percentile);
    }

    /** As people say it: "median", "highest", "90th percentile". */
    public String words() {
        return percentile == 50 ? "median" : percentile == 100 ? "highest" : Math.round(percentile) + "th percentile";
    }

    /**
     * The statistic of the first {@code n} values, which it reorders. Nearest rank: the smallest value with at
     * least {@code percentile} % of the values at or below it; for an even count the median is the lower middle.
     */
    public double of(double[] values, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("no values");
        }
        Arrays.sort(values, 0, n);
        return ofSorted(values, n);
    }

    /** The statistic of the first {@code n} values, which are in ascending order. */
    public double ofSorted(double[] sorted, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("no values");
        }
        int rank = (int) Math.ceil(percentile / 100 * n);
        return sorted[Math.max(0, Math.min(n, rank) - 1)];
    }
}
