package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.store.ReadingQueries.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementTest {
    static final Instant T = Instant.parse("2026-11-22T07:00:00Z");

    @Test
    void systolicAndDiastolicOfOneDeviceAndTimeBecomeOnePanel() {
        List<Measurement> grouped = Measurement.group(List.of(
                new Row("p", "bp-1", MeasurementType.BP_DIA, T, 80),
                new Row("p", "bp-1", MeasurementType.BP_SYS, T, 120)));
        assertThat(grouped).singleElement().isInstanceOfSatisfying(Measurement.Panel.class, p -> {
            assertThat(p.systolic().value()).isEqualTo(120);
            assertThat(p.diastolic().value()).isEqualTo(80);
        });
    }

    @Test
    void halvesOfAnotherTimeOrDeviceStayUnpaired() {
        List<Measurement> grouped = Measurement.group(List.of(
                new Row("p", "bp-1", MeasurementType.BP_SYS, T, 120),
                new Row("p", "bp-1", MeasurementType.BP_DIA, T.plusSeconds(1), 80),
                new Row("p", "bp-2", MeasurementType.BP_SYS, T.plusSeconds(1), 130),
                new Row("p", "oxi-1", MeasurementType.SPO2, T, 95)));
        assertThat(grouped).hasSize(4).allMatch(m -> m instanceof Measurement.Single);
        assertThat(grouped).extracting(Measurement::kind).containsExactly("bp.sys", "spo2", "bp.dia", "bp.sys");
    }
}
