package dk.telemed.gateway.api;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.rules.OpenAlert;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class PatientStatusTest {
    static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");

    static OpenAlert alert(String patient, MeasurementType type, Severity severity, AlertState state, int minutes) {
        return alert(AlertKey.band(patient, type, Direction.BELOW), severity, state, minutes);
    }

    static OpenAlert alert(AlertKey key, Severity severity, AlertState state, int minutes) {
        Instant ts = T0.plusSeconds(minutes * 60L);
        boolean acked = state == AlertState.ACKNOWLEDGED;
        return new OpenAlert("a-" + key.id() + "-" + minutes, key, "nord-akut", severity,
                key.type() + "." + severity.wireName() + "." + key.family(), state, OptionalDouble.of(2.6), "mmol/L",
                OptionalDouble.of(3.0), Optional.empty(), Optional.of(ts), "message", false, ts, 1, 0,
                acked ? Optional.of("anna") : Optional.empty(), acked ? Optional.of(ts.plusSeconds(60)) : Optional.empty(),
                Optional.empty(), ts);
    }

    @Test
    void theWorstOpenClinicalAlertGivesTheColour() {
        assertThat(PatientStatus.of(List.of())).isEqualTo(PatientStatus.GREEN);
        assertThat(PatientStatus.of(List.of(alert("p1", MeasurementType.SPO2, Severity.BLUE, AlertState.RAISED, 0),
                alert("p1", MeasurementType.GLUCOSE, Severity.YELLOW, AlertState.RAISED, 0)))).isEqualTo(PatientStatus.YELLOW);
        assertThat(PatientStatus.of(List.of(alert("p1", MeasurementType.GLUCOSE, Severity.RED, AlertState.ACKNOWLEDGED, 0))))
                .as("an acknowledged red alert is still red").isEqualTo(PatientStatus.RED);
    }

    @Test
    void aFlatBatteryDoesNotColourThePatient() {
        OpenAlert battery = alert(AlertKey.battery("p1", "oxi-1"), Severity.YELLOW, AlertState.RAISED, 0);
        assertThat(PatientStatus.of(List.of(battery))).isEqualTo(PatientStatus.GREEN);
    }

    @Test
    void redThenYellowThenBlueThenGreenOldestWaitingFirstThenId() {
        List<PatientStatus.Row> rows = new ArrayList<>(List.of(
                PatientStatus.Row.of("p-green", List.of()),
                PatientStatus.Row.of("p-blue", List.of(alert("p-blue", MeasurementType.WEIGHT, Severity.BLUE, AlertState.RAISED, 1))),
                PatientStatus.Row.of("p-red-new", List.of(alert("p-red-new", MeasurementType.SPO2, Severity.RED, AlertState.RAISED, 30))),
                PatientStatus.Row.of("p-red-acked", List.of(alert("p-red-acked", MeasurementType.SPO2, Severity.RED, AlertState.ACKNOWLEDGED, 0))),
                PatientStatus.Row.of("p-yellow", List.of(alert("p-yellow", MeasurementType.PULSE, Severity.YELLOW, AlertState.RAISED, 0))),
                PatientStatus.Row.of("p-red-old", List.of(alert("p-red-old", MeasurementType.GLUCOSE, Severity.RED, AlertState.ESCALATED, 5))),
                PatientStatus.Row.of("a-green", List.of())));
        rows.sort(PatientStatus.TRIAGE);
        assertThat(rows).extracting(PatientStatus.Row::patientId).containsExactly(
                "p-red-old", "p-red-new", "p-red-acked", "p-yellow", "p-blue", "a-green", "p-green");
    }
}
