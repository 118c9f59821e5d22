package dk.telemed.gateway.model;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A limit relative to the patient's own recent level (FUT's relative limits on a monitoring
 * plan): alarming when a reading lies at least {@code yellowPoints} (or {@code redPoints}) on
 * {@code side} of the level, the level being {@code statistic} of the patient's readings in
 * {@code window} before it.
 *
 * @param minReadings   fewer earlier readings in the window: no level yet, no verdict
 * @param resolveMargin an open alert resolves once the reading is less than the least severe distance minus this
 */
public record RelativeLimit(Duration window, LevelStatistic statistic, int minReadings, Side side,
                            OptionalDouble yellowPoints, OptionalDouble redPoints, double resolveMargin) {
    /** Which way from the level is a deterioration. */
    public enum Side {
        BELOW, ABOVE;

        public String wireName() {
            return this == BELOW ? "below" : "above";
        }
    }

    public RelativeLimit {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(yellowPoints, "yellowPoints");
        Objects.requireNonNull(redPoints, "redPoints");
    }

    /** How far the value lies from the level on the alarming side (negative: on the other side). */
    public double distance(double value, double level) {
        return side == Side.BELOW ? level - value : value - level;
    }

    public OptionalDouble points(Severity severity) {
        return severity == Severity.RED ? redPoints : severity == Severity.YELLOW ? yellowPoints : OptionalDouble.empty();
    }

    /** The longest window a relative limit may have: as far back as the rules keep a series. */
    public static final Duration LONGEST_WINDOW = Duration.ofDays(30);
}
