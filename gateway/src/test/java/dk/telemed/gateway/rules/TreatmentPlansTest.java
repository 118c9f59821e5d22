package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RelativeLimit;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import dk.telemed.gateway.registry.RegistryParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry's treatment picks the default glucose plan: daily for insulin, weekly for a
 * sulfonylurea, none for diet or other treatment; without a recorded treatment the diabetes
 * plan (daily) holds, and the patient's own plan wins over all of them.
 */
class TreatmentPlansTest {
    final ClinicalDefaults defaults = Fixtures.shipped();
    final Plans plans = new Plans(defaults);

    static Patient parse(String entry) throws Exception {
        PatientRegistry r = new RegistryParser().parse("patients:\n  - " + entry + "\n", "patients.yaml");
        return r.patients().iterator().next();
    }

    @ParameterizedTest(name = "treatment {0}: glucose every {1}")
    @CsvSource({"insulin, P1D", "sulfonylurea, P7D", "diet, none", "other, none"})
    void theTreatmentPicksTheGlucosePlan(String treatment, String expected) throws Exception {
        Patient p = parse("{ id: p-t2, careTeam: nord, conditions: [diabetes], devices: [g-1], treatment: " + treatment + " }");
        assertThat(p.treatment().orElseThrow().wireName()).isEqualTo(treatment);
        Optional<Duration> glucose = Optional.ofNullable(plans.of(p).get(MeasurementType.GLUCOSE));
        assertThat(glucose.map(Duration::toString).orElse("none")).isEqualTo(expected.equals("none") ? "none" : Duration.parse(expected).toString());
        assertThat(plans.period(p, MeasurementType.GLUCOSE)).isEqualTo(glucose);
    }

    @Test
    void withoutATreatmentTheDiabetesPlanHoldsAndTheDoctorsOwnPlanWins() throws Exception {
        Patient unknown = parse("{ id: p-t2, careTeam: nord, conditions: [diabetes], devices: [g-1] }");
        assertThat(plans.of(unknown)).containsEntry(MeasurementType.GLUCOSE, Duration.ofDays(1));
        Patient own = parse("{ id: p-t2, careTeam: nord, conditions: [diabetes], devices: [g-1], treatment: diet,"
                + " plan: { glucose: { every: P3D } } }");
        assertThat(plans.of(own)).containsEntry(MeasurementType.GLUCOSE, Duration.ofDays(3));
        Patient copdOnDiet = parse("{ id: p-both, careTeam: nord, conditions: [copd, diabetes], devices: [g-1], treatment: diet }");
        assertThat(plans.of(copdOnDiet)).doesNotContainKey(MeasurementType.GLUCOSE).containsEntry(MeasurementType.SPO2, Duration.ofDays(3));
        assertThat(plans.period(copdOnDiet, MeasurementType.SPO2)).contains(Duration.ofDays(3));
    }

    @Test
    void aPatientsRelativeLimitsAreReadFromTheRegistry() throws Exception {
        Patient p = parse("{ id: p-low, careTeam: nord, conditions: [copd], devices: [o-1],"
                + " relative: { spo2: { window: P7D, statistic: p90, minReadings: 3, yellow: 2, red: 4 }, pulse: none } }");
        RelativeLimit spo2 = defaults.relative(p, MeasurementType.SPO2).orElseThrow();
        assertThat(spo2.window()).isEqualTo(Duration.ofDays(7));
        assertThat(spo2.statistic().percentile()).isEqualTo(90);
        assertThat(spo2.yellowPoints()).hasValue(2);
        assertThat(defaults.relative(p, MeasurementType.PULSE)).isEmpty();
    }

    @Test
    void aTreatmentOrRelativeLimitThatIsNotOneIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> parse("{ id: p-x, careTeam: nord, conditions: [diabetes], devices: [g-1], treatment: tablets,"
                + " relative: { spo2: { yellow: 5, red: 3, side: up, window: P90D } } }"))
                .hasMessageContaining("patients[0].treatment: 'tablets' is not a treatment (known: insulin, sulfonylurea, diet, other)")
                .hasMessageContaining("patients[0].relative.spo2.side: expected below or above, not 'up'")
                .hasMessageContaining("patients[0].relative.spo2.window: at most 30 days (P30D)")
                .hasMessageContaining("patients[0].relative.spo2.red: 3.0 must lie further from the level than yellow (5.0)");
    }
}
