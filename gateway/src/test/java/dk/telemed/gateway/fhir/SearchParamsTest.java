package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.store.ReadingQueries.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchParamsTest {
    static Map<String, List<String>> q(String... pairs) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return query;
    }

    static SearchParams parse(String... pairs) throws SearchParams.Invalid {
        return SearchParams.parse(q(pairs), 50, 1000);
    }

    @Test
    void onlyThePatientIsRequiredAndTheDefaultsAreNewestFirstFiftyAPage() throws Exception {
        SearchParams p = parse("patient", "p-0001");
        assertThat(p.patient()).isEqualTo("p-0001");
        assertThat(p.ascending()).isFalse();
        assertThat(p.count()).isEqualTo(50);
        assertThat(p.types()).containsExactlyInAnyOrder(MeasurementType.values());
        assertThat(parse("patient", "Patient/p-0001").patient()).isEqualTo("p-0001");
    }

    @Test
    void datesTakeAPrefixAndAnRfc3339TimeEvenWithAnUnencodedPlus() throws Exception {
        SearchParams p = parse("patient", "p", "date", "ge2026-11-22T07:30:00 01:00", "date", "lt2026-11-23T00:00:00Z");
        assertThat(p.from()).contains(Instant.parse("2026-11-22T06:30:00Z"));
        assertThat(p.fromInclusive()).isTrue();
        assertThat(p.to()).contains(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(p.toInclusive()).isFalse();
    }

    @Test
    void aCountAboveTheMaximumIsCappedAndZeroAsksForTheTotalOnly() throws Exception {
        assertThat(parse("patient", "p", "_count", "5000").count()).isEqualTo(1000);
        assertThat(parse("patient", "p", "_count", "0").count()).isZero();
        assertThat(parse("patient", "p", "_sort", "date").ascending()).isTrue();
    }

    @Test
    void codesPickTheirTypesAndBothBloodPressureHalvesAreAlwaysRead() throws Exception {
        assertThat(parse("patient", "p", "code", "http://loinc.org|2708-6").types()).containsExactly(MeasurementType.SPO2);
        assertThat(parse("patient", "p", "code", "NPU03011,29463-7").types()).containsExactlyInAnyOrder(MeasurementType.SPO2, MeasurementType.WEIGHT);
        assertThat(parse("patient", "p", "code", "http://loinc.org|8480-6").types())
                .containsExactlyInAnyOrder(MeasurementType.BP_SYS, MeasurementType.BP_DIA);
        assertThat(parse("patient", "p", "code", "http://snomed.info/sct|2708-6").types()).isEmpty();
    }

    @Test
    void aPanelMatchesThePanelCodeAndAnUnpairedHalfItsOwn() throws Exception {
        Instant t = Instant.parse("2026-11-22T07:00:00Z");
        Row sys = new Row("p", "bp", MeasurementType.BP_SYS, t, 120);
        Row dia = new Row("p", "bp", MeasurementType.BP_DIA, t, 80);
        SearchParams panel = parse("patient", "p", "code", "http://loinc.org|85354-9");
        SearchParams systolic = parse("patient", "p", "code", "8480-6");
        assertThat(panel.matches(new Measurement.Panel(sys, dia))).isTrue();
        assertThat(panel.matches(new Measurement.Single(sys))).isFalse();
        assertThat(systolic.matches(new Measurement.Panel(sys, dia))).isFalse();
        assertThat(systolic.matches(new Measurement.Single(sys))).isTrue();
    }

    @Test
    void everythingElseIsRefusedWithAMessageThatSaysWhatToDo() {
        assertThatThrownBy(() -> parse()).hasMessageContaining("patient parameter is required");
        assertThatThrownBy(() -> parse("patient", "p", "subject", "x")).hasMessageContaining("unknown search parameter 'subject'");
        assertThatThrownBy(() -> parse("patient", "p", "date", "2026-11-22")).hasMessageContaining("ge, gt, le or lt");
        assertThatThrownBy(() -> parse("patient", "p", "date", "eq2026-11-22T00:00:00Z")).hasMessageContaining("'eq' is not served");
        assertThatThrownBy(() -> parse("patient", "p", "date", "geyesterday")).hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> parse("patient", "p", "date", "ge2026-11-22T00:00:00Z", "date", "gt2026-11-23T00:00:00Z"))
                .hasMessageContaining("two lower bounds");
        assertThatThrownBy(() -> parse("patient", "p", "_count", "-1")).hasMessageContaining("_count");
        assertThatThrownBy(() -> parse("patient", "p", "_count", "ten")).hasMessageContaining("_count");
        assertThatThrownBy(() -> parse("patient", "p", "_sort", "value")).hasMessageContaining("_sort");
        assertThatThrownBy(() -> parse("patient", "p", "code", "http://loinc.org|")).hasMessageContaining("code must be");
        assertThatThrownBy(() -> parse("patient", "p", "_cursor", "x")).hasMessageContaining("start the search again");
        assertThatThrownBy(() -> parse("patient", "p", "patient", "q")).hasMessageContaining("given 2 times");
        assertThatThrownBy(() -> parse("patient", "p", "_format", "xml")).hasMessageContaining("JSON only");
    }

    @Test
    void theCursorInALinkReadsBackAsTheSamePosition() throws Exception {
        Measurement m = new Measurement.Single(new Row("p", "oxi.1_a-b", MeasurementType.RESP_RATE,
                Instant.parse("2026-11-22T07:00:00.5Z"), 16));
        Cursor c = Cursor.after(m, true);
        SearchParams p = parse("patient", "p", "_cursor", c.text(), "_until", "2026-11-25T00:00:00Z");
        assertThat(p.cursor()).contains(c);
        assertThat(c.compareTo(m)).isZero();
        assertThat(p.until()).contains(Instant.parse("2026-11-25T00:00:00Z"));
    }
}
