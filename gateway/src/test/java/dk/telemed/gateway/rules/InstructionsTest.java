package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Instruction;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.testsupport.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped instructions and glucose persistence: glucose below 3.0 mmol/L and ketones above
 * 3.0 mmol/L are red with what to do; a glucose above 13.9 needs two readings in a row before
 * yellow, a low one none.
 */
class InstructionsTest {
    static final Instruction HYPO = new Instruction("Hypoglykæmi: hurtige kulhydrater, mål igen om 15 min",
            "Hypoglycaemia: fast-acting carbohydrate, measure again in 15 min");
    static final Instruction DKA = new Instruction("Sandsynlig ketoacidose: akut vurdering", "Probable ketoacidosis: acute assessment");
    final ClinicalDefaults defaults = Fixtures.shipped();
    final ManualClock clock = new ManualClock(Fixtures.T0);
    final AlertLifecycle lifecycle = new AlertLifecycle(clock, Duration.ofHours(1), Fixtures.CPH, defaults.instructions());
    final Patient patient = Fixtures.patient("p-diab", "diabetes");
    final NavigableMap<Instant, Double> glucose = new TreeMap<>();
    final NavigableMap<Instant, Double> ketones = new TreeMap<>();
    final List<AlertEvent> events = new ArrayList<>();

    void reading(MeasurementType type, double minutes, double value) {
        NavigableMap<Instant, Double> h = type == MeasurementType.GLUCOSE ? glucose : ketones;
        Instant ts = Fixtures.T0.plusSeconds(Math.round(minutes * 60));
        clock.set(ts);
        h.put(ts, value);
        Fixtures.judgeBands(patient, type, new BandResolver(defaults).bands(patient, type), defaults.timing(type), h)
                .forEach(v -> lifecycle.apply(v).ifPresent(c -> events.addAll(c.events())));
    }

    String outcome() {
        return events.isEmpty() ? "nothing" : events.get(events.size() - 1).rule();
    }

    @ParameterizedTest(name = "glucose {0} mmol/L: {1}, instruction {2}")
    @CsvSource({"2.9, glucose.red.below, true", "3.0, glucose.yellow.below, false", "3.8, glucose.yellow.below, false",
            "3.9, nothing, false"})
    void aLowGlucoseRaisesAtOnceAndBelowThreeSaysWhatToDo(double value, String rule, boolean instructed) {
        reading(MeasurementType.GLUCOSE, 0, value);
        assertThat(outcome()).isEqualTo(rule);
        assertThat(events.stream().findFirst().flatMap(AlertEvent::instruction)).isEqualTo(instructed ? Optional.of(HYPO) : Optional.empty());
        events.stream().findFirst().ifPresent(e -> assertThat(e.message().endsWith(". " + HYPO.en())).isEqualTo(instructed));
    }

    @Test
    void aGlucometersLoSaysWhatToDo() {
        BandRule.deviceLimit(patient, new DeviceLimit("p-diab", "gluco-1", MeasurementType.GLUCOSE, Fixtures.T0, DeviceLimit.Side.LO),
                new BandResolver(defaults).bands(patient, MeasurementType.GLUCOSE)).flatMap(lifecycle::apply)
                .ifPresent(c -> events.addAll(c.events()));
        assertThat(events.get(0).instruction()).contains(HYPO);
    }

    @ParameterizedTest(name = "ketones {0} mmol/L: instruction {1}")
    @CsvSource({"1.6, false", "3.0, false", "3.1, true"})
    void ketonesAboveThreeAreRedWithAcuteAssessment(double value, boolean instructed) {
        reading(MeasurementType.KETONES, 0, value);
        assertThat(outcome()).isEqualTo("ketones.red.above");
        assertThat(events.get(0).instruction()).isEqualTo(instructed ? Optional.of(DKA) : Optional.empty());
    }

    @Test
    void ketonesRisingPastThreeWhileRedEscalateWithTheInstruction() {
        reading(MeasurementType.KETONES, 0, 2.0);
        reading(MeasurementType.KETONES, 30, 2.4);
        reading(MeasurementType.KETONES, 60, 3.5);
        assertThat(events).extracting(AlertEvent::event).containsExactly(AlertEventType.RAISED, AlertEventType.ESCALATED);
        assertThat(events.get(1).instruction()).contains(DKA);
        assertThat(events.get(1).value()).hasValue(3.5);
        assertThat(events.get(1).message()).startsWith("Blood ketones 3.5 mmol/L is above 1.5 mmol/L");
        reading(MeasurementType.KETONES, 90, 3.8);
        assertThat(events).as("already told").hasSize(2);
    }

    @ParameterizedTest(name = "glucose {0} then {1} mmol/L, {2} h apart: {3}")
    @CsvSource({"14.0, 5.0, 2, nothing", "14.0, 14.0, 2, glucose.yellow.above", "13.9, 14.0, 2, nothing",
            "14.0, 14.0, 24, glucose.yellow.above", "14.0, 14.0, 25, nothing", "5.0, 16.8, 2, glucose.red.above"})
    void aHighGlucoseNeedsTwoInARowBeforeYellowButRedRaisesAtOnce(double first, double second, int hours, String rule) {
        reading(MeasurementType.GLUCOSE, 0, first);
        assertThat(events).as("one high reading is not a finding").isEmpty();
        reading(MeasurementType.GLUCOSE, hours * 60, second);
        assertThat(outcome()).isEqualTo(rule);
    }
}
