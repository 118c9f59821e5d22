package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A confirmation window is never shorter than the patient's planned interval plus the grace:
 * the shipped COPD SpO2 plan is every 3 days with 6 hours' grace, so two yellow readings up
 * to 3 days 6 hours apart confirm yellow, where the configured window alone says 3 days.
 */
class ConfirmWindowsTest {
    static final Instant MONDAY_0800 = Instant.parse("2026-11-23T07:00:00Z");
    final ClinicalDefaults defaults = Fixtures.shipped();
    final ConfirmWindows windows = new ConfirmWindows(defaults, new Plans(defaults));

    String judge(Patient p, Duration apart) {
        NavigableMap<Instant, Double> h = new TreeMap<>();
        h.put(MONDAY_0800, 89.0);
        h.put(MONDAY_0800.plus(apart), 89.0);
        return Fixtures.judgeBands(p, MeasurementType.SPO2, new BandResolver(defaults).bands(p, MeasurementType.SPO2),
                        windows.of(p, MeasurementType.SPO2), h).stream()
                .filter(v -> v instanceof Verdict.Alarm).map(v -> ((Verdict.Alarm) v).rule()).findFirst().orElse("nothing");
    }

    @Test
    void mondayAtEightThenThursdayAtNineRaisesYellowForACopdPatientOnPlan() {
        assertThat(judge(Fixtures.patient("p-copd", "copd"), Duration.ofDays(3).plusHours(1))).isEqualTo("spo2.yellow.below");
    }

    @ParameterizedTest(name = "COPD on a 3-day plan, readings {0} apart: {1}")
    @CsvSource({"P3D, spo2.yellow.below", "PT78H, spo2.yellow.below", "PT78H1M, nothing", "P4D, nothing"})
    void theWindowIsThePlanPlusTheGraceAtItsEdge(String apart, String expected) {
        assertThat(judge(Fixtures.patient("p-copd", "copd"), Duration.parse(apart))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a daily plan keeps the configured 3 days: readings {0} apart: {1}")
    @CsvSource({"P3D, spo2.yellow.below", "PT72H1M, nothing"})
    void aShorterPlanNeverShortensTheConfiguredWindow(String apart, String expected) {
        Patient base = Fixtures.patient("p-daily", "copd");
        Patient daily = new Patient(base.id(), base.careTeam(), base.conditions(), base.devices(), Map.of(), Optional.empty(),
                Map.of(MeasurementType.SPO2, MeasurementPlan.every(Duration.ofDays(1))), List.of());
        assertThat(judge(daily, Duration.parse(apart))).isEqualTo(expected);
    }

    @Test
    void aWeeklyPlanOfTheDoctorsWidensTheWindowToAWeekAndSixHours() {
        Patient base = Fixtures.patient("p-weekly", "copd");
        Patient weekly = new Patient(base.id(), base.careTeam(), base.conditions(), base.devices(), Map.of(), Optional.empty(),
                Map.of(MeasurementType.SPO2, MeasurementPlan.every(Duration.ofDays(7))), List.of());
        assertThat(windows.of(weekly, MeasurementType.SPO2).yellow().within()).contains(Duration.ofDays(7).plusHours(6));
        assertThat(windows.of(weekly, MeasurementType.TEMPERATURE)).as("no confirmation: unchanged").isEqualTo(defaults.timing(MeasurementType.TEMPERATURE));
    }

    @Test
    void aPlanChangedInTheRegistryWidensTheWindowAtTheNextReading() {
        Patient before = Fixtures.patient("p-changed", "copd");
        assertThat(windows.of(before, MeasurementType.SPO2).yellow().within()).contains(Duration.ofDays(3).plusHours(6));
        Patient after = new Patient(before.id(), before.careTeam(), before.conditions(), before.devices(), Map.of(), Optional.empty(),
                Map.of(MeasurementType.SPO2, MeasurementPlan.every(Duration.ofDays(7))), List.of());
        assertThat(windows.of(after, MeasurementType.SPO2).yellow().within()).contains(Duration.ofDays(7).plusHours(6));
        assertThat(windows.of(Fixtures.patient("p-other", "copd"), MeasurementType.SPO2).yellow().within())
                .as("another patient keeps the plan of the defaults").contains(Duration.ofDays(3).plusHours(6));
    }
}
