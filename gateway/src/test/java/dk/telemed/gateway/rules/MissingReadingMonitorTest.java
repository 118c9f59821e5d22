package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.PassiveInterval;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Shipped plans: glucose daily for diabetes, SpO2 and weight every 3 days for COPD; 6 h grace. */
class MissingReadingMonitorTest {
    static final Instant START = Instant.parse("2026-11-20T08:00:00Z");
    final Plans plans = new Plans(Fixtures.shipped());
    final MissingReadingMonitor monitor = new MissingReadingMonitor(plans, Fixtures.CPH, START);

    static Patient diabetic(Map<MeasurementType, MeasurementPlan> plan, List<PassiveInterval> passive) {
        return new Patient("p-2", "nord-akut", Set.of(Condition.DIABETES), List.of("gluco-2"), Map.of(), Optional.empty(), plan, passive);
    }

    List<Verdict.Alarm> alarms(Patient p, Instant now) {
        return monitor.check(List.of(p), now).stream().filter(v -> v instanceof Verdict.Alarm)
                .map(v -> (Verdict.Alarm) v).toList();
    }

    @Test
    void thePlansOfBothConditionsApply() {
        Patient both = new Patient("p-3", "syd", Set.of(Condition.COPD, Condition.DIABETES), List.of(), Map.of(), Optional.empty());
        assertThat(plans.of(both)).containsOnlyKeys(MeasurementType.GLUCOSE, MeasurementType.SPO2, MeasurementType.WEIGHT)
                .containsEntry(MeasurementType.GLUCOSE, Duration.ofDays(1));
    }

    @Test
    void aDailyReadingIsMissingAfterADayAndTheGrace() {
        Patient p = diabetic(Map.of(), List.of());
        monitor.seen("p-2", MeasurementType.GLUCOSE, START.plus(Duration.ofHours(1)));
        assertThat(alarms(p, START.plus(Duration.ofHours(31)))).isEmpty();
        List<Verdict.Alarm> missing = alarms(p, START.plus(Duration.ofHours(31)).plusSeconds(1));
        assertThat(missing).hasSize(1);
        Verdict.Alarm a = missing.get(0);
        assertThat(a.severity()).isEqualTo(Severity.BLUE);
        assertThat(a.rule()).isEqualTo("glucose.blue.missing");
        assertThat(a.key()).isEqualTo(AlertKey.missing("p-2", MeasurementType.GLUCOSE));
        assertThat(a.message()).isEqualTo("No Blood glucose reading since 2026-11-20 10:00 +01:00 (plan: every day)");
    }

    @Test
    void aPlanChangedInTheRegistryCountsFromTheNextReading() {
        monitor.seen("p-2", MeasurementType.GLUCOSE, START.plus(Duration.ofHours(1)));
        Instant twoDaysOn = START.plus(Duration.ofDays(2));
        assertThat(monitor.overdue(diabetic(Map.of(), List.of()), MeasurementType.GLUCOSE, twoDaysOn)).isTrue();
        Patient weekly = diabetic(Map.of(MeasurementType.GLUCOSE, MeasurementPlan.every(Duration.ofDays(7))), List.of());
        assertThat(monitor.overdue(weekly, MeasurementType.GLUCOSE, twoDaysOn)).as("a weekly plan now").isFalse();
        Patient none = diabetic(Map.of(MeasurementType.GLUCOSE, MeasurementPlan.NONE), List.of());
        assertThat(monitor.overdue(none, MeasurementType.GLUCOSE, START.plus(Duration.ofDays(30)))).as("taken off the plan").isFalse();
        assertThat(monitor.overdue(diabetic(Map.of(), List.of()), MeasurementType.GLUCOSE, twoDaysOn)).as("daily again").isTrue();
    }

    @Test
    void anOlderReadingArrivingLateAndAnotherTypeLeaveTheClockAsItWas() {
        Patient p = diabetic(Map.of(), List.of());
        monitor.seen("p-2", MeasurementType.GLUCOSE, START.plus(Duration.ofHours(1)));
        monitor.seen("p-2", MeasurementType.GLUCOSE, START.plus(Duration.ofMinutes(30)));
        monitor.seen("p-2", MeasurementType.KETONES, START.plus(Duration.ofHours(20)));
        assertThat(alarms(p, START.plus(Duration.ofHours(31)))).isEmpty();
        assertThat(alarms(p, START.plus(Duration.ofHours(31)).plusSeconds(1))).singleElement()
                .satisfies(a -> assertThat(a.message()).isEqualTo("No Blood glucose reading since 2026-11-20 10:00 +01:00 (plan: every day)"));
    }

    @Test
    void withoutAnyReadingTheClockRunsFromWhenTheGatewayStartedWatching() {
        Patient p = diabetic(Map.of(), List.of());
        assertThat(alarms(p, START.plus(Duration.ofHours(30)))).isEmpty();
        assertThat(alarms(p, START.plus(Duration.ofHours(31)))).hasSize(1);
    }

    @Test
    void thePatientsOwnPlanWinsAndNoneRemovesAType() {
        Patient every2Days = diabetic(Map.of(MeasurementType.GLUCOSE, MeasurementPlan.every(Duration.ofDays(2))), List.of());
        assertThat(alarms(every2Days, START.plus(Duration.ofHours(40)))).isEmpty();
        assertThat(alarms(every2Days, START.plus(Duration.ofHours(55)))).hasSize(1);
        Patient unplanned = diabetic(Map.of(MeasurementType.GLUCOSE, MeasurementPlan.NONE), List.of());
        assertThat(alarms(unplanned, START.plus(Duration.ofDays(30)))).isEmpty();
        assertThat(monitor.check(List.of(unplanned), START.plus(Duration.ofDays(30))))
                .anySatisfy(v -> assertThat(v).isInstanceOf(Verdict.Clear.class).extracting(Verdict::key)
                        .isEqualTo(AlertKey.missing("p-2", MeasurementType.GLUCOSE)));
    }

    @Test
    void noMissingAlertsWhilePassiveAndTheClockRestartsWhenItEnds() {
        PassiveInterval admitted = new PassiveInterval(LocalDate.parse("2026-11-21"), LocalDate.parse("2026-11-30"), Optional.of("indlagt"));
        Patient p = diabetic(Map.of(), List.of(admitted));
        Instant during = Instant.parse("2026-11-25T12:00:00Z");
        assertThat(alarms(p, during)).isEmpty();
        assertThat(monitor.check(List.of(p), during)).anySatisfy(v -> {
            assertThat(v).isInstanceOf(Verdict.Clear.class);
            assertThat(((Verdict.Clear) v).message()).startsWith("Monitoring paused until 2026-11-30");
        });
        Instant end = Instant.parse("2026-11-30T23:00:00Z");
        assertThat(alarms(p, end.plus(Duration.ofHours(30)))).isEmpty();
        assertThat(alarms(p, end.plus(Duration.ofHours(30)).plusSeconds(1))).hasSize(1);
    }

    @Test
    void aReadingMakesTheTypeNoLongerOverdue() {
        Patient p = diabetic(Map.of(), List.of());
        Instant now = START.plus(Duration.ofDays(3));
        assertThat(monitor.overdue(p, MeasurementType.GLUCOSE, now)).isTrue();
        monitor.seen("p-2", MeasurementType.GLUCOSE, now.minusSeconds(60));
        assertThat(monitor.overdue(p, MeasurementType.GLUCOSE, now)).isFalse();
    }
}
