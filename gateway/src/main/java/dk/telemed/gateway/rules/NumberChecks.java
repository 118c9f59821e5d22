package dk.telemed.gateway.rules;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The ranges of the numbers in {@code config/thresholds.yaml}, checked once they are bound into
 * their records (a value of the wrong kind is already named by the binding): each problem is
 * named by its path, and null (the key left out) takes the default.
 */
final class NumberChecks {
    private NumberChecks() {
    }

    static double nonNegative(Double value, String at, double absent, List<String> problems) {
        if (value == null) {
            return absent;
        }
        if (!Double.isFinite(value) || value < 0) {
            problems.add(at + ": '" + text(value) + "' is not a number of 0 or more");
            return absent;
        }
        return value;
    }

    static double positive(Double value, String at, List<String> problems) {
        if (value == null || !Double.isFinite(value) || value <= 0) {
            problems.add(at + ": " + (value == null ? "missing" : "'" + text(value) + "' is not a number above 0"));
            return Double.NaN;
        }
        return value;
    }

    static int count(Integer value, String at, int absent, List<String> problems) {
        if (value == null) {
            return absent;
        }
        if (value < 1 || value > 100) {
            problems.add(at + ": '" + value + "' is not a whole number from 1 to 100");
            return absent;
        }
        return value;
    }

    static OptionalDouble percent(Double value, String at, List<String> problems) {
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (!Double.isFinite(value) || value <= 0 || value > 100) {
            problems.add(at + ": '" + text(value) + "' is not a percentage above 0 and at most 100");
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value);
    }

    /** As the person wrote it: -1, not -1.0. */
    private static String text(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : Double.toString(value);
    }
}
