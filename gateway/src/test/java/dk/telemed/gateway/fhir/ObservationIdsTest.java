package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.store.ReadingQueries.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationIdsTest {
    static final Instant TS = Instant.parse("2026-11-22T06:30:00.123456789Z");

    @Test
    void theSameReadingAlwaysGetsTheSameIdAndItDecodesToTypeAndExactTime() {
        Measurement m = new Measurement.Single(new Row("p-0001", "oxi-0001", MeasurementType.RESP_RATE, TS, 16));
        String id = ObservationIds.of(m);
        assertThat(ObservationIds.of(new Measurement.Single(new Row("p-0001", "oxi-0001", MeasurementType.RESP_RATE, TS, 99)))).isEqualTo(id);
        assertThat(id).matches("[A-Za-z0-9\\-.]{1,64}").startsWith("resp.rate-");
        ObservationIds.Decoded d = ObservationIds.decode(id).orElseThrow();
        assertThat(d.kind()).isEqualTo("resp.rate");
        assertThat(d.ts()).isEqualTo(TS);
    }

    @Test
    void anotherPatientDeviceTypeOrTimeIsAnotherId() {
        String id = ObservationIds.of(new Measurement.Single(new Row("p-1", "d-1", MeasurementType.SPO2, TS, 1)));
        assertThat(List.of(
                new Row("p-2", "d-1", MeasurementType.SPO2, TS, 1),
                new Row("p-1", "d-2", MeasurementType.SPO2, TS, 1),
                new Row("p-1", "d-1", MeasurementType.PULSE, TS, 1),
                new Row("p-1", "d-1", MeasurementType.SPO2, TS.plusNanos(1), 1)))
                .extracting(r -> ObservationIds.of(new Measurement.Single(r))).doesNotContain(id).doesNotHaveDuplicates();
    }

    @Test
    void theLongestIdsStayWithinFhirsSixtyFourCharacters() {
        String longest = "x".repeat(64);
        Row sys = new Row(longest, longest, MeasurementType.TEMPERATURE, Instant.parse("2262-04-11T23:47:16Z"), 1);
        assertThat(ObservationIds.of(new Measurement.Single(sys)).length()).isLessThanOrEqualTo(64);
    }

    @Test
    void aPanelHasItsOwnKind() {
        Row sys = new Row("p", "bp-1", MeasurementType.BP_SYS, TS, 120);
        Row dia = new Row("p", "bp-1", MeasurementType.BP_DIA, TS, 80);
        assertThat(ObservationIds.of(new Measurement.Panel(sys, dia))).startsWith("bp-");
        assertThat(ObservationIds.of(new Measurement.Single(sys))).startsWith("bp.sys-");
    }

    @Test
    void textOfAnotherShapeIsNoId() {
        assertThat(ObservationIds.decode("not-an-id")).isEmpty();
        assertThat(ObservationIds.decode("nosuchtype-abc-0123456789abcdef")).isEmpty();
        assertThat(ObservationIds.decode("spo2-abc-0123456789ABCDEF")).isEmpty();
        assertThat(ObservationIds.decode("spo2-zzzzzzzzzzzzz-0123456789abcdef")).isEmpty();
        assertThat(ObservationIds.decode(null)).isEmpty();
    }
}
