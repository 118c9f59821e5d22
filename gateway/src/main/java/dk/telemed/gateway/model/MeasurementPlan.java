package dk.telemed.gateway.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How often a patient is expected to measure one type: at least one reading {@code every}
 * period. {@link #NONE} takes a type out of the plan (a per-patient override of a default).
 */
public record MeasurementPlan(Optional<Duration> every) {
    public static final MeasurementPlan NONE = new MeasurementPlan(Optional.empty());

    public MeasurementPlan {
        Objects.requireNonNull(every, "every");
        every.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a plan's period must be positive, is " + d);
            }
        });
    }

    public static MeasurementPlan every(Duration period) {
        return new MeasurementPlan(Optional.of(period));
    }

    public boolean planned() {
        return every.isPresent();
    }

    @Override
    public String toString() {
        return every.map(d -> "every " + d).orElse("none");
    }
}
