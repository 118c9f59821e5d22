package dk.telemed.gateway.model;


import java.util.Locale;
import java.util.OptionalDouble;

/** Which side of the normal range a band guards: strictly below its low limit, or strictly above its high one. */
public enum Direction {
    BELOW, ABOVE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public OptionalDouble limit(Band band) {
        return this == BELOW ? band.below() : band.above();
    }

    /** Strictly beyond: a value on the limit itself is not alarming. */
    public boolean beyond(double value, double limit) {
        return this == BELOW ? value < limit : value > limit;
    }

    /** Back on the normal side of {@code limit} by at least {@code margin}. */
    public boolean clearOf(double value, double limit, double margin) {
        return this == BELOW ? value >= limit + margin : value <= limit - margin;
    }
}
