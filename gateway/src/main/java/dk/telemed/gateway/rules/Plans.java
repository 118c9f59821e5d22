package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A patient's measurement plan: the plan for all patients and the plans of the patient's
 * conditions together, the more frequent period winning where two name a type; then the
 * plan of the patient's glucose-lowering treatment, which replaces the conditions' for the types
 * it names; then the treating team's own entries, which replace a type's period or
 * ({@code none}) remove it.
 */
public final class Plans {
    private final ClinicalDefaults defaults;

    public Plans(ClinicalDefaults defaults) {
        this.defaults = defaults;
    }

    public Map<MeasurementType, Duration> of(Patient patient) {
        Map<MeasurementType, Duration> plan = new EnumMap<>(MeasurementType.class);
        addShortest(plan, defaults.plansForAll());
        patient.conditions().forEach(c -> addShortest(plan, defaults.plansByCondition().getOrDefault(c, Map.of())));
        // The treatment's plan replaces the conditions' for the types it names: daily glucose is for insulin, not for diet.
        patient.treatment().map(t -> defaults.plansByTreatment().getOrDefault(t, Map.of())).orElse(Map.of())
                .forEach((type, p) -> replace(plan, type, p));
        patient.planOverrides().forEach((type, own) -> replace(plan, type, own));
        return plan;
    }

    private static void replace(Map<MeasurementType, Duration> plan, MeasurementType type, MeasurementPlan p) {
        if (p.planned()) {
            plan.put(type, p.every().orElseThrow());
        } else {
            plan.remove(type);
        }
    }

    /**
     * The planned period of one type for the patient, worked out as {@link #of} does for all of them
     * without building the whole plan: asked at every reading.
     */
    public Optional<Duration> period(Patient patient, MeasurementType type) {
        MeasurementPlan own = patient.planOverrides().get(type);
        if (own != null) {
            return own.every();
        }
        if (patient.treatment().isPresent()) {
            MeasurementPlan byTreatment = defaults.plansByTreatment().getOrDefault(patient.treatment().get(), Map.of()).get(type);
            if (byTreatment != null) {
                return byTreatment.every();
            }
        }
        Duration shortest = defaults.plansForAll().getOrDefault(type, MeasurementPlan.NONE).every().orElse(null);
        for (Condition c : patient.conditions()) {
            Duration d = defaults.plansByCondition().getOrDefault(c, Map.of()).getOrDefault(type, MeasurementPlan.NONE).every().orElse(null);
            if (d != null && (shortest == null || d.compareTo(shortest) < 0)) {
                shortest = d;
            }
        }
        return Optional.ofNullable(shortest);
    }

    /** How long after the last reading a planned type counts as missing: its period plus the grace. */
    public Duration overdueAfter(Duration period) {
        return period.plus(defaults.planGrace());
    }

    private static void addShortest(Map<MeasurementType, Duration> plan, Map<MeasurementType, MeasurementPlan> more) {
        more.forEach((type, p) -> p.every().ifPresent(d -> plan.merge(type, d, (a, b) -> a.compareTo(b) <= 0 ? a : b)));
    }
}
