package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.testsupport.AlertSentence;
import dk.telemed.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event an alert goes through (raised, escalated, acknowledged, re-notified, resolved)
 * states the reading that set its current severity: the sentence's value is the event's value,
 * its limit the event's threshold, and the value lies on the stated side of that limit, however
 * many later readings kept the alert open. The shipped defaults and the real band rules.
 */
class AlertTruthTest {
    final ManualClock clock = new ManualClock(Fixtures.T0);
    final AlertLifecycle lifecycle = new AlertLifecycle(clock, Duration.ofHours(1), Fixtures.CPH);
    final Escalator escalator = new Escalator(Duration.ofMinutes(30), 3, Optional.empty());
    final ClinicalDefaults defaults = Fixtures.shipped();
    final BandResolver bands = new BandResolver(defaults);
    final NavigableMap<Instant, Double> history = new TreeMap<>();
    final List<AlertEvent> events = new ArrayList<>();

    /** A reading measured {@code minutes} after T0 and judged then. */
    void reading(Patient p, MeasurementType type, double minutes, double value) {
        Instant ts = Fixtures.T0.plusSeconds(Math.round(minutes * 60));
        clock.set(ts);
        history.put(ts, value);
        Fixtures.judgeBands(p, type, bands.bands(p, type), defaults.timing(type), history)
                .forEach(v -> lifecycle.apply(v).ifPresent(c -> events.addAll(c.events())));
    }

    void remindersAfter(double minutes) {
        clock.set(Fixtures.T0.plusSeconds(Math.round(minutes * 60)));
        escalator.due(lifecycle, clock.instant()).forEach(c -> events.addAll(c.events()));
    }

    void acknowledge() {
        lifecycle.acknowledge(events.get(0).alertId(), "anna", Optional.empty()).ifPresent(c -> events.addAll(c.events()));
    }

    static void assertTrue(AlertEvent e, double value, Instant measured) {
        AlertSentence said = AlertSentence.in(e.message()).orElseThrow(() -> new AssertionError("no value and limit in " + e.message()));
        assertThat(said.isTrue()).as("%s: %s", e.event(), e.message()).isTrue();
        assertThat(e.value()).as("%s: the value behind the sentence", e.event()).hasValue(said.value());
        assertThat(e.threshold()).as("%s: the limit behind the sentence", e.event()).hasValue(said.limit());
        assertThat(said.value()).as("%s: the reading that set the severity", e.event()).isEqualTo(value);
        assertThat(e.readingTs()).contains(measured);
    }

    @Test
    void aRedRespiratoryRateRemindedAcknowledgedAndResolvedAlwaysStatesTheReadingThatMadeItRed() {
        Patient p = Fixtures.patient("p-resp", "copd");
        reading(p, MeasurementType.RESP_RATE, 0, 26);
        reading(p, MeasurementType.RESP_RATE, 10, 21);   // yellow: keeps the red alert open, silently
        remindersAfter(30);
        acknowledge();
        reading(p, MeasurementType.RESP_RATE, 40, 22);
        reading(p, MeasurementType.RESP_RATE, 60, 16);

        assertThat(events).extracting(AlertEvent::event).containsExactly(AlertEventType.RAISED, AlertEventType.ESCALATED,
                AlertEventType.ACKNOWLEDGED, AlertEventType.RESOLVED);
        events.forEach(e -> assertTrue(e, 26, Fixtures.T0));
        assertThat(events.get(0).message()).isEqualTo("Respiratory rate 26 /min is above 24 /min (measured 2026-11-22 08:00 +01:00)");
        assertThat(events.get(1).message()).startsWith("Not acknowledged (reminder 1): Respiratory rate 26 /min is above 24 /min");
        assertThat(events.get(1).readings().latest().orElseThrow().value()).as("the latest reading, beside it").hasValue(21);
        AlertEvent resolved = events.get(3);
        assertThat(resolved.readings().latest().orElseThrow().value()).hasValue(22);
        assertThat(resolved.readings().resolvedBy().orElseThrow().value()).as("what resolved it, apart").hasValue(16);
        assertThat(resolved.readings().resolvedBy().orElseThrow().readingTs()).isEqualTo(Fixtures.T0.plusSeconds(3600));
    }

    @Test
    void aYellowGlucoseEscalatedToRedThenBackToYellowStatesTheRedReadingUntilItResolves() {
        Patient p = Fixtures.patient("p-glu", "diabetes");
        reading(p, MeasurementType.GLUCOSE, 0, 3.5);
        reading(p, MeasurementType.GLUCOSE, 20, 2.6);
        reading(p, MeasurementType.GLUCOSE, 35, 3.4);
        acknowledge();
        reading(p, MeasurementType.GLUCOSE, 50, 7.7);

        assertThat(events).extracting(AlertEvent::event).containsExactly(AlertEventType.RAISED, AlertEventType.ESCALATED,
                AlertEventType.ACKNOWLEDGED, AlertEventType.RESOLVED);
        assertTrue(events.get(0), 3.5, Fixtures.T0);
        for (AlertEvent e : events.subList(1, 4)) {
            assertTrue(e, 2.6, Fixtures.T0.plusSeconds(20 * 60));
        }
        assertThat(events.get(3).readings().resolvedBy().orElseThrow().value()).hasValue(7.7);
    }

    @Test
    void aLateReadingsAlertKeepsWhenItWasMeasuredAndWhenItArrived() {
        Patient p = Fixtures.patient("p-late", "diabetes");
        Instant measured = Fixtures.T0;
        history.put(measured, 2.6);
        clock.set(measured.plus(Duration.ofHours(5)));
        Fixtures.judgeBands(p, MeasurementType.GLUCOSE, bands.bands(p, MeasurementType.GLUCOSE), defaults.timing(MeasurementType.GLUCOSE), history)
                .forEach(v -> lifecycle.apply(v).ifPresent(c -> events.addAll(c.events())));
        AlertEvent raised = events.get(0);
        assertTrue(raised, 2.6, measured);
        assertThat(raised.message()).endsWith("(late: measured 2026-11-22 08:00 +01:00, received 5 h later)");
        assertThat(raised.readings().receivedAt()).contains(measured.plus(Duration.ofHours(5)));
    }

    @Test
    void aReadingThatArrivedOnTimeHasNoSeparateReceivedTime() {
        reading(Fixtures.patient("p-now", "diabetes"), MeasurementType.GLUCOSE, 0, 2.6);
        assertThat(events.get(0).readings().receivedAt()).isEmpty();
    }
}
