package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.Severity;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Persistence and hysteresis of one type's bands: how many alarming readings in a row (and
 * within how long) raise an alert, and how far back inside the band, for how many readings,
 * a value must be before the alert resolves. Without them a value dancing on a limit would
 * raise and resolve again and again, and nurses learn to ignore alerts that do that.
 *
 * @param resolveMargin   in the type's canonical unit, on the normal side of the least severe limit
 * @param resolveReadings this many readings in a row must be clear by the margin
 */
public record BandTiming(Confirm red, Confirm yellow, double resolveMargin, int resolveReadings) {
    /** Raise on the first alarming reading, resolve on the first normal one. */
    public static final BandTiming IMMEDIATE = new BandTiming(Confirm.FIRST, Confirm.FIRST, 0, 1);

    public BandTiming {
        Objects.requireNonNull(red, "red");
        Objects.requireNonNull(yellow, "yellow");
        if (resolveMargin < 0 || resolveReadings < 1) {
            throw new IllegalArgumentException("resolve margin must be >= 0 and readings >= 1");
        }
    }

    public Confirm confirm(Severity severity) {
        return severity == Severity.RED ? red : yellow;
    }

    /**
     * The same timing with no confirmation window shorter than {@code atLeast}: a patient who
     * measures on plan every 3 days, an hour late, must still have two readings in a row.
     */
    public BandTiming withWindowsOfAtLeast(Duration atLeast) {
        Confirm r = red.atLeast(atLeast);
        Confirm y = yellow.atLeast(atLeast);
        return r == red && y == yellow ? this : new BandTiming(r, y, resolveMargin, resolveReadings);
    }

    /**
     * {@code readings} alarming readings in a row, the first no longer than {@code within}
     * before the last, confirm a severity; on {@code side} only, when one is given (a single
     * high glucose after a meal is not a finding, a single low one is), else on both.
     */
    public record Confirm(int readings, Optional<Duration> within, Optional<Direction> side) {
        public static final Confirm FIRST = new Confirm(1, Optional.empty());

        public Confirm(int readings, Optional<Duration> within) {
            this(readings, within, Optional.empty());
        }

        /** This confirmation on {@code d}, or the first reading on a side it does not cover. */
        public Confirm on(Direction d) {
            return side.isEmpty() || side.get() == d ? this : FIRST;
        }

        Confirm atLeast(Duration d) {
            return readings > 1 && within.isPresent() && within.get().compareTo(d) < 0 ? new Confirm(readings, Optional.of(d), side) : this;
        }

        public Confirm {
            Objects.requireNonNull(within, "within");
            Objects.requireNonNull(side, "side");
            if (readings < 1) {
                throw new IllegalArgumentException("readings must be at least 1");
            }
        }
    }
}
