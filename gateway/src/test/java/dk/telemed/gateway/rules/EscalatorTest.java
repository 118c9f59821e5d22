package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The unacknowledged-red timer, on a clock the test moves: no sleeps. */
class EscalatorTest {
    final ManualClock clock = new ManualClock(Fixtures.T0);
    final AlertLifecycle lifecycle = new AlertLifecycle(clock, Duration.ofHours(1), Fixtures.CPH);
    final Escalator escalator = new Escalator(Duration.ofMinutes(30), 2, Optional.of("kommune-akut"));

    AlertEvent raise(Severity s, Instant readingTs) {
        return lifecycle.apply(AlertLifecycleTest.glucose(s, 2.6, readingTs)).orElseThrow().event();
    }

    List<AlertChange> after(Duration d) {
        clock.set(Fixtures.T0.plus(d));
        return escalator.due(lifecycle, clock.instant());
    }

    @Test
    void aRedAlertNobodyAcknowledgesIsReNotifiedAlsoToTheSecondTeam() {
        AlertEvent raised = raise(Severity.RED, Fixtures.T0);
        assertThat(after(Duration.ofMinutes(29).plusSeconds(59))).isEmpty();
        List<AlertChange> due = after(Duration.ofMinutes(30));
        assertThat(due).hasSize(1);
        assertThat(due.get(0).events()).extracting(AlertEvent::careTeam).containsExactly("nord-akut", "kommune-akut");
        assertThat(due.get(0).events()).allSatisfy(e -> {
            assertThat(e.event()).isEqualTo(AlertEventType.ESCALATED);
            assertThat(e.alertId()).isEqualTo(raised.alertId());
            assertThat(e.message()).startsWith("Not acknowledged (reminder 1): ");
        });
        assertThat(due.get(0).events().get(0).eventId()).isNotEqualTo(due.get(0).events().get(1).eventId());
        assertThat(after(Duration.ofMinutes(59))).as("counts again from the reminder").isEmpty();
        assertThat(after(Duration.ofMinutes(60))).hasSize(1);
        assertThat(after(Duration.ofMinutes(90))).as("at most two reminders").isEmpty();
    }

    @Test
    void anAcknowledgedAlertIsNotReNotified() {
        AlertEvent raised = raise(Severity.RED, Fixtures.T0);
        clock.set(Fixtures.T0.plus(Duration.ofMinutes(10)));
        lifecycle.acknowledge(raised.alertId(), "anna", Optional.empty());
        assertThat(after(Duration.ofHours(3))).isEmpty();
    }

    @Test
    void yellowAlertsWaitForTheWorkingDay() {
        raise(Severity.YELLOW, Fixtures.T0);
        assertThat(after(Duration.ofHours(12))).isEmpty();
    }

    @Test
    void aLateRedAlertIsNotPagedAsIfCurrent() {
        raise(Severity.RED, Fixtures.T0.minus(Duration.ofHours(6)));
        assertThat(lifecycle.open()).allMatch(OpenAlert::late);
        assertThat(after(Duration.ofHours(3))).isEmpty();
    }

    @Test
    void escalationFromYellowToRedRestartsTheTimer() {
        raise(Severity.YELLOW, Fixtures.T0);
        clock.set(Fixtures.T0.plus(Duration.ofMinutes(40)));
        lifecycle.apply(AlertLifecycleTest.glucose(Severity.RED, 2.5, Fixtures.T0.plus(Duration.ofMinutes(40))));
        assertThat(after(Duration.ofMinutes(69))).isEmpty();
        assertThat(after(Duration.ofMinutes(70))).hasSize(1);
    }
}
