package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BinaryOperator;

/**
 * The bands in force for one patient and type, in this order:
 * <ol>
 *   <li>the defaults of the patient's conditions for that type; where two conditions both set
 *       it, the stricter limit of each (the higher {@code below}, the lower {@code above});</li>
 *   <li>otherwise the defaults for all patients;</li>
 *   <li>then each limit the treating doctor set in the registry replaces the default one.</li>
 * </ol>
 * A condition's own bands replace the general ones rather than combining with them: the
 * COPD target of 88–92 % SpO2 must not be tightened back to the general 94 % by "stricter".
 */
public final class BandResolver {
    public static final Bands NO_BANDS = new Bands(Band.NONE, Band.NONE);

    private final ClinicalDefaults defaults;

    public BandResolver(ClinicalDefaults defaults) {
        this.defaults = defaults;
    }

    public Bands bands(Patient patient, MeasurementType type) {
        Bands base = conditionDefault(patient, type).orElse(defaults.bandsForAll().getOrDefault(type, NO_BANDS));
        Bands own = patient.thresholdOverrides().get(type);
        return own == null ? base : overlay(base, own);
    }

    private Optional<Bands> conditionDefault(Patient patient, MeasurementType type) {
        return patient.conditions().stream().sorted()
                .map(c -> defaults.bandsByCondition().getOrDefault(c, Map.of()).get(type))
                .filter(Objects::nonNull)
                .reduce(BandResolver::stricter);
    }

    static Bands stricter(Bands a, Bands b) {
        return new Bands(combine(a.red(), b.red(), Math::max, Math::min), combine(a.yellow(), b.yellow(), Math::max, Math::min));
    }

    /** Each limit the doctor set wins; the ones left out keep the default. */
    static Bands overlay(Bands base, Bands own) {
        BinaryOperator<Double> ownWins = (b, o) -> o;
        return new Bands(combine(base.red(), own.red(), ownWins, ownWins), combine(base.yellow(), own.yellow(), ownWins, ownWins));
    }

    private static Band combine(Band a, Band b, BinaryOperator<Double> below, BinaryOperator<Double> above) {
        return new Band(pick(a.below(), b.below(), below), pick(a.above(), b.above(), above));
    }

    private static OptionalDouble pick(OptionalDouble a, OptionalDouble b, BinaryOperator<Double> both) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return OptionalDouble.of(both.apply(a.getAsDouble(), b.getAsDouble()));
    }
}
