package dk.telemed.bench;

import java.util.List;

/** The median and range of a figure measured several times. */
public record Spread(int runs, double median, double min, double max) {
    public static Spread of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return new Spread(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Spread(v.length, median, v[0], v[v.length - 1]);
    }

    /** (max - min) / median: 0.1 means the runs were within 10 % of each other. */
    public double relativeRange() {
        return runs < 2 || median == 0 ? 0 : (max - min) / median;
    }
}
