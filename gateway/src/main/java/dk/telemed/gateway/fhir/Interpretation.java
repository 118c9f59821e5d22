package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A value against the bands that applied to it, in HL7 v3 ObservationInterpretation codes:
 * {@code LL}/{@code HH} beyond a red limit, {@code L}/{@code H} beyond a yellow one, else
 * {@code N}. "Beyond" is strictly below or above, as the rules judge it. Bands without any
 * limit give no interpretation.
 */
enum Interpretation {
    CRITICALLY_LOW("LL", "Critical low"),
    CRITICALLY_HIGH("HH", "Critical high"),
    LOW("L", "Low"),
    HIGH("H", "High"),
    NORMAL("N", "Normal");

    static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    private final String code;
    private final String display;

    Interpretation(String code, String display) {
        this.code = code;
        this.display = display;
    }

    String code() {
        return code;
    }

    String display() {
        return display;
    }

    static Optional<Interpretation> of(double value, Bands bands) {
        if (!hasLimit(bands.red()) && !hasLimit(bands.yellow())) {
            return Optional.empty();
        }
        if (below(value, bands.red().below())) {
            return Optional.of(CRITICALLY_LOW);
        }
        if (above(value, bands.red().above())) {
            return Optional.of(CRITICALLY_HIGH);
        }
        if (below(value, bands.yellow().below())) {
            return Optional.of(LOW);
        }
        if (above(value, bands.yellow().above())) {
            return Optional.of(HIGH);
        }
        return Optional.of(NORMAL);
    }

    /** The normal range: within the yellow limits, or the red ones where no yellow is set. */
    static OptionalDouble low(Bands bands) {
        return bands.yellow().below().isPresent() ? bands.yellow().below() : bands.red().below();
    }

    static OptionalDouble high(Bands bands) {
        return bands.yellow().above().isPresent() ? bands.yellow().above() : bands.red().above();
    }

    private static boolean hasLimit(Band b) {
        return b.below().isPresent() || b.above().isPresent();
    }

    private static boolean below(double value, OptionalDouble limit) {
        return limit.isPresent() && value < limit.getAsDouble();
    }

    private static boolean above(double value, OptionalDouble limit) {
        return limit.isPresent() && value > limit.getAsDouble();
    }
}
