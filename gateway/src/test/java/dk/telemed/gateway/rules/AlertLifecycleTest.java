package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertLifecycleTest {
    static final AlertKey HYPO = AlertKey.band("p-2", MeasurementType.GLUCOSE, Direction.BELOW);
    final ManualClock clock = new ManualClock(Fixtures.T0);
    final AlertLifecycle lifecycle = new AlertLifecycle(clock, Duration.ofHours(1), Fixtures.CPH);

    static Verdict.Alarm glucose(Severity s, double value, Instant ts) {
        return new Verdict.Alarm(HYPO, "nord-akut", s, "glucose." + s.wireName() + ".below", OptionalDouble.of(value), "mmol/L",
                OptionalDouble.of(s == Severity.RED ? 3.0 : 3.9), Optional.empty(), Optional.of(ts),
                "Blood glucose " + value + " mmol/L");
    }

    static Verdict.Clear normal(double value, Instant ts) {
        return new Verdict.Clear(HYPO, OptionalDouble.of(value), Optional.of(ts), "back in range");
    }

    AlertEvent apply(Verdict v) {
        return lifecycle.apply(v).map(AlertChange::event).orElse(null);
    }

    /** The patient moves from nord-akut to syd while the alert is open: its later events go to syd only. */
    @Test
    void anOpenAlertsLaterEventsFollowThePatientToTheNewCareTeam() {
        java.util.concurrent.atomic.AtomicReference<String> team = new java.util.concurrent.atomic.AtomicReference<>("nord-akut");
        AlertLifecycle moving = new AlertLifecycle(clock, Duration.ofHours(1), Fixtures.CPH,
                key -> key.patient().equals(HYPO.patient()) ? Optional.of(team.get()) : Optional.empty());
        AlertEvent raised = moving.apply(glucose(Severity.YELLOW, 3.5, Fixtures.T0)).orElseThrow().event();
        assertThat(raised.careTeam()).isEqualTo("nord-akut");
        team.set("syd");
        clock.advance(Duration.ofMinutes(5));
        AlertEvent escalated = moving.apply(glucose(Severity.RED, 2.8, Fixtures.T0.plus(Duration.ofMinutes(5)))).orElseThrow().event();
        assertThat(escalated.careTeam()).isEqualTo("syd");
        assertThat(moving.find(HYPO).orElseThrow().careTeam()).isEqualTo("syd");
        AlertChange reminder = moving.remind(HYPO, java.util.List.of("vagt")).orElseThrow();
        assertThat(reminder.events()).extracting(AlertEvent::careTeam).containsExactly("syd", "vagt");
        AlertEvent acknowledged = moving.acknowledge(raised.alertId(), "nurse-syd", Optional.empty()).orElseThrow().event();
        assertThat(acknowledged.careTeam()).isEqualTo("syd");
        clock.advance(Duration.ofMinutes(30));
        AlertEvent resolved = moving.apply(normal(5.5, Fixtures.T0.plus(Duration.ofMinutes(35)))).orElseThrow().event();
        assertThat(resolved.careTeam()).isEqualTo("syd");
        assertThat(java.util.List.of(escalated, acknowledged, resolved)).extracting(AlertEvent::alertId).containsOnly(raised.alertId());
    }

    @Test
    void aHypoRaisesOneRedAlertHoweverManyLowReadingsFollow() {
        AlertEvent raised = apply(glucose(Severity.RED, 2.6, Fixtures.T0));
        assertThat(raised.event()).isEqualTo(AlertEventType.RAISED);
        assertThat(raised.severity()).isEqualTo(Severity.RED);
        assertThat(raised.late()).isFalse();
        for (int i = 1; i <= 20; i++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(apply(glucose(i % 2 == 0 ? Severity.RED : Severity.YELLOW, 2.5, Fixtures.T0.plus(Duration.ofMinutes(i))))).isNull();
        }
        assertThat(lifecycle.open()).hasSize(1);
        OpenAlert open = lifecycle.find(HYPO).orElseThrow();
        assertThat(open.severity()).isEqualTo(Severity.RED);
        assertThat(open.value()).as("the reading that set the severity").hasValue(2.6);
        assertThat(open.readingTs()).contains(Fixtures.T0);
        assertThat(open.readings().latest().orElseThrow().value()).as("the newest reading, beside it").hasValue(2.5);
        assertThat(open.readings().latest().orElseThrow().readingTs()).isEqualTo(Fixtures.T0.plus(Duration.ofMinutes(20)));
    }

    @Test
    void yellowThenRedIsOneAlertEscalated() {
        AlertEvent raised = apply(glucose(Severity.YELLOW, 3.5, Fixtures.T0));
        clock.advance(Duration.ofMinutes(10));
        AlertEvent escalated = apply(glucose(Severity.RED, 2.8, Fixtures.T0.plus(Duration.ofMinutes(10))));
        assertThat(escalated.event()).isEqualTo(AlertEventType.ESCALATED);
        assertThat(escalated.alertId()).isEqualTo(raised.alertId());
        assertThat(escalated.severity()).isEqualTo(Severity.RED);
        assertThat(escalated.rule()).isEqualTo("glucose.red.below");
        assertThat(escalated.threshold()).hasValue(3.0);
        assertThat(escalated.eventId()).isNotEqualTo(raised.eventId());
        assertThat(lifecycle.find(HYPO).orElseThrow().raisedAt()).as("raised when it was yellow, not when escalated").isEqualTo(Fixtures.T0);
    }

    @Test
    void normalReadingsResolveAndTheNextHypoIsANewAlert() {
        AlertEvent raised = apply(glucose(Severity.RED, 2.6, Fixtures.T0));
        clock.advance(Duration.ofMinutes(20));
        AlertEvent resolved = apply(normal(5.8, Fixtures.T0.plus(Duration.ofMinutes(20))));
        assertThat(resolved.event()).isEqualTo(AlertEventType.RESOLVED);
        assertThat(resolved.alertId()).isEqualTo(raised.alertId());
        assertThat(resolved.value()).as("what raised it").hasValue(2.6);
        assertThat(resolved.threshold()).hasValue(3.0);
        assertThat(resolved.readings().resolvedBy().orElseThrow().value()).as("what resolved it").hasValue(5.8);
        assertThat(resolved.readings().resolvedBy().orElseThrow().readingTs()).isEqualTo(Fixtures.T0.plus(Duration.ofMinutes(20)));
        assertThat(lifecycle.open()).isEmpty();
        assertThat(apply(normal(6.0, Fixtures.T0.plus(Duration.ofMinutes(30))))).isNull();
        clock.advance(Duration.ofHours(5));
        AlertEvent again = apply(glucose(Severity.RED, 2.9, Fixtures.T0.plus(Duration.ofHours(5))));
        assertThat(again.event()).isEqualTo(AlertEventType.RAISED);
        assertThat(again.alertId()).isNotEqualTo(raised.alertId());
    }

    @Test
    void theReadingOfAResolvedAlertJudgedAgainRaisesNothing() {
        AlertEvent raised = apply(glucose(Severity.RED, 2.6, Fixtures.T0));
        clock.advance(Duration.ofMinutes(20));
        apply(normal(5.8, Fixtures.T0.plus(Duration.ofMinutes(20))));
        clock.advance(Duration.ofMinutes(1));
        assertThat(apply(glucose(Severity.RED, 2.6, Fixtures.T0))).as("a redelivery of the reading that raised it").isNull();
        assertThat(lifecycle.open()).isEmpty();
        AlertEvent next = apply(glucose(Severity.RED, 2.7, Fixtures.T0.plus(Duration.ofMinutes(21))));
        assertThat(next.event()).isEqualTo(AlertEventType.RAISED);
        assertThat(next.alertId()).isNotEqualTo(raised.alertId());
    }

    @Test
    void aReadingOlderThanTheLastAlarmingOneNeverResolves() {
        apply(glucose(Severity.RED, 2.6, Fixtures.T0));
        assertThat(apply(normal(5.8, Fixtures.T0.minus(Duration.ofMinutes(30))))).isNull();
        assertThat(apply(normal(5.8, Fixtures.T0))).isNull();
        assertThat(lifecycle.open()).hasSize(1);
    }

    @Test
    void aLateReadingSaysSoAndWhen() {
        clock.set(Instant.parse("2026-11-22T12:00:00Z"));
        AlertEvent raised = apply(glucose(Severity.RED, 2.6, Instant.parse("2026-11-22T06:40:00Z")));
        assertThat(raised.late()).isTrue();
        assertThat(raised.readingTs()).contains(Instant.parse("2026-11-22T06:40:00Z"));
        assertThat(raised.message()).contains("late: measured 2026-11-22 07:40 +01:00, received 5 h later");
        clock.advance(Duration.ofMinutes(5));
        apply(glucose(Severity.RED, 2.7, Instant.parse("2026-11-22T12:04:00Z")));
        assertThat(lifecycle.find(HYPO).orElseThrow().late()).as("a current reading makes the alert current").isFalse();
    }

    @Test
    void acknowledgingRecordsWhoAndWhenOnce() {
        AlertEvent raised = apply(glucose(Severity.RED, 2.6, Fixtures.T0));
        clock.advance(Duration.ofMinutes(3));
        AlertChange ack = lifecycle.acknowledge(raised.alertId(), "anna", Optional.of("called the patient")).orElseThrow();
        assertThat(ack.event().event()).isEqualTo(AlertEventType.ACKNOWLEDGED);
        assertThat(ack.event().acknowledgedBy()).contains("anna");
        assertThat(ack.event().acknowledgedAt()).contains(Fixtures.T0.plus(Duration.ofMinutes(3)));
        assertThat(ack.event().note()).contains("called the patient");
        assertThat(ack.alert().state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(lifecycle.acknowledge(raised.alertId(), "bent", Optional.empty())).isEmpty();
        assertThatThrownBy(() -> lifecycle.acknowledge("no-such-alert", "anna", Optional.empty()))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void worseningAfterAnAcknowledgementNeedsANewOne() {
        AlertEvent raised = apply(glucose(Severity.YELLOW, 3.5, Fixtures.T0));
        lifecycle.acknowledge(raised.alertId(), "anna", Optional.empty());
        AlertEvent escalated = apply(glucose(Severity.RED, 2.7, Fixtures.T0.plus(Duration.ofMinutes(5))));
        assertThat(escalated.event()).isEqualTo(AlertEventType.ESCALATED);
        assertThat(escalated.acknowledgedBy()).isEmpty();
        assertThat(lifecycle.find(HYPO).orElseThrow().state()).isEqualTo(AlertState.ESCALATED);
    }

    @Test
    void replayingTheSameReadingGivesTheSameIds() {
        AlertEvent first = apply(glucose(Severity.RED, 2.6, Fixtures.T0));
        AlertLifecycle afterCrash = new AlertLifecycle(clock, Duration.ofHours(1), Fixtures.CPH);
        AlertEvent replay = afterCrash.apply(glucose(Severity.RED, 2.6, Fixtures.T0)).orElseThrow().event();
        assertThat(replay.alertId()).isEqualTo(first.alertId());
        assertThat(replay.eventId()).isEqualTo(first.eventId());
    }

    @Test
    void twoChangesInTheSameInstantGetDistinctTimes() {
        AlertEvent raised = apply(glucose(Severity.RED, 2.6, Fixtures.T0));
        AlertEvent resolved = apply(normal(5.8, Fixtures.T0.plusSeconds(1)));
        assertThat(resolved.at()).isAfter(raised.at());
    }

    @Test
    void aRestoredAlertIsUpdatedNotRaisedAgain() {
        AlertEvent raised = apply(glucose(Severity.RED, 2.6, Fixtures.T0));
        OpenAlert stored = lifecycle.find(raised.alertId()).orElseThrow();
        AlertLifecycle restarted = new AlertLifecycle(clock, Duration.ofHours(1), Fixtures.CPH);
        restarted.restore(stored);
        assertThat(restarted.apply(glucose(Severity.RED, 2.4, Fixtures.T0.plusSeconds(60)))).isEmpty();
        assertThat(restarted.apply(normal(6.0, Fixtures.T0.plusSeconds(120))).orElseThrow().event().alertId())
                .isEqualTo(raised.alertId());
    }
}
