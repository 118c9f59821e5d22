package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;

import java.util.Map;
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

    private static final Condition[] CONDITIONS = Condition.values();

    private final ClinicalDefaults defaults;
    /** Asked at every reading, and the same until the registry changes the patient: worked out once per patient entry. */
    private final PerPatientAndType<Bands> resolved = new PerPatientAndType<>(this::resolve);

    public BandResolver(ClinicalDefaults defaults) {
        this.defaults = defaults;
    }

    public Bands bands(Patient patient, MeasurementType type) {
        return resolved.get(patient, type);
    }

    private Bands resolve(Patient patient, MeasurementType type) {
        Bands byCondition = conditionDefault(patient, type);
        Bands base = byCondition != null ? byCondition : defaults.bandsForAll().getOrDefault(type, NO_BANDS);
        Bands own = patient.thresholdOverrides().get(type);
        return own == null ? base : overlay(base, own);
    }

    /** The stricter of the patient's conditions' bands for the type, or null when none of them sets it. */
    private Bands conditionDefault(Patient patient, MeasurementType type) {
        Bands result = null;
        for (Condition c : CONDITIONS) {
            Map<MeasurementType, Bands> ofCondition = patient.conditions().contains(c) ? defaults.bandsByCondition().get(c) : null;
            Bands b = ofCondition == null ? null : ofCondition.get(type);
            if (b != null) {
                result = result == null ? b : stricter(result, b);
            }
        }
        return result;
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
