package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;

/**
 * A type's persistence for one patient: the defaults' confirmation, with no window shorter
 * than the patient's planned interval plus the plan's grace. A yellow that needs 2 readings
 * within 3 days would otherwise never fire for a COPD patient who measures on plan every 3
 * days but an hour late (Monday 08:00, Thursday 09:00).
 */
final class ConfirmWindows {
    private final ClinicalDefaults defaults;
    private final Plans plans;
    /** Asked at every reading; depends only on the defaults and the patient's plan. */
    private final PerPatientAndType<BandTiming> resolved = new PerPatientAndType<>(this::resolve);

    ConfirmWindows(ClinicalDefaults defaults, Plans plans) {
        this.defaults = defaults;
        this.plans = plans;
    }

    BandTiming of(Patient patient, MeasurementType type) {
        return resolved.get(patient, type);
    }

    private BandTiming resolve(Patient patient, MeasurementType type) {
        BandTiming t = defaults.timing(type);
        if (t.yellow().readings() < 2 && t.red().readings() < 2) {
            return t;
        }
        return plans.period(patient, type).map(period -> t.withWindowsOfAtLeast(plans.overdueAfter(period))).orElse(t);
    }
}
