package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.MeasurementType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatientSeriesTest {
    @Test
    void eachPatientAndTypeHoldsItsOwnValue() {
        PatientSeries<String> values = new PatientSeries<>();
        values.put("p-1", MeasurementType.SPO2, "a");
        values.put("p-1", MeasurementType.GLUCOSE, "b");
        assertThat(values.get("p-1", MeasurementType.SPO2)).isEqualTo("a");
        assertThat(values.get("p-1", MeasurementType.GLUCOSE)).isEqualTo("b");
        assertThat(values.get("p-2", MeasurementType.SPO2)).isNull();
        values.put("p-2", MeasurementType.SPO2, "c");
        assertThat(values.get("p-1", MeasurementType.SPO2)).isEqualTo("a");
        assertThat(values.size()).isEqualTo(3);
    }

    @Test
    void removeIfForgetsTheValuesItAcceptsAndKeepsTheRest() {
        PatientSeries<String> values = new PatientSeries<>();
        values.put("p-1", MeasurementType.SPO2, "idle");
        values.put("p-1", MeasurementType.GLUCOSE, "busy");
        values.put("p-2", MeasurementType.SPO2, "idle");
        values.removeIf("idle"::equals);
        assertThat(values.size()).isEqualTo(1);
        assertThat(values.get("p-1", MeasurementType.GLUCOSE)).isEqualTo("busy");
        assertThat(values.get("p-1", MeasurementType.SPO2)).isNull();
        assertThat(values.get("p-2", MeasurementType.SPO2)).isNull();
    }
}
