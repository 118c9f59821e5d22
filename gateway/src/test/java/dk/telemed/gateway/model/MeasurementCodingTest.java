package dk.telemed.gateway.model;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The coding table against interface section 1, code by code: a wrong code is a clinical defect. */
class MeasurementCodingTest {
    static String codes(MeasurementType t) {
        return String.join(" ", MeasurementCoding.of(t).codes().stream().map(c -> c.system() + "|" + c.code()).toList());
    }

    @Test
    void everyTypeCarriesTheCodesOfTheInterfaceTable() {
        String loinc = "http://loinc.org|";
        String npu = "urn:oid:1.2.208.176.2.1|";
        String medcom = "urn:oid:1.2.208.184.100.8|";
        assertThat(codes(MeasurementType.SPO2)).isEqualTo(loinc + "2708-6 " + loinc + "59408-5 " + npu + "NPU03011");
        assertThat(codes(MeasurementType.PULSE)).isEqualTo(loinc + "8867-4 " + npu + "NPU21692");
        assertThat(codes(MeasurementType.RESP_RATE)).isEqualTo(loinc + "9279-1");
        assertThat(codes(MeasurementType.WEIGHT)).isEqualTo(loinc + "29463-7 " + npu + "NPU03804");
        assertThat(codes(MeasurementType.FEV1)).isEqualTo(loinc + "20150-9 " + medcom + "MCS88015");
        assertThat(codes(MeasurementType.FVC)).isEqualTo(loinc + "19868-9 " + medcom + "MCS88016");
        assertThat(codes(MeasurementType.PEF)).isEqualTo(loinc + "33452-4");
        assertThat(codes(MeasurementType.GLUCOSE)).isEqualTo(loinc + "14743-9 " + npu + "NPU22089");
        assertThat(codes(MeasurementType.KETONES)).isEmpty();
        assertThat(codes(MeasurementType.TEMPERATURE)).isEqualTo(loinc + "8310-5 " + npu + "NPU08676");
        assertThat(codes(MeasurementType.BP_SYS)).isEqualTo(loinc + "8480-6 " + npu + "DNK05472");
        assertThat(codes(MeasurementType.BP_DIA)).isEqualTo(loinc + "8462-4 " + npu + "DNK05473");
        assertThat(MeasurementCoding.BP_PANEL.code()).isEqualTo("85354-9");
    }

    @Test
    void theVitalSignsAreTheOnesTheInterfaceNamesEachWithItsProfile() {
        String base = "http://hl7.org/fhir/StructureDefinition/";
        assertThat(MeasurementCoding.of(MeasurementType.SPO2).profile()).contains(base + "oxygensat");
        assertThat(MeasurementCoding.of(MeasurementType.PULSE).profile()).contains(base + "heartrate");
        assertThat(MeasurementCoding.of(MeasurementType.RESP_RATE).profile()).contains(base + "resprate");
        assertThat(MeasurementCoding.of(MeasurementType.WEIGHT).profile()).contains(base + "bodyweight");
        assertThat(MeasurementCoding.of(MeasurementType.TEMPERATURE).profile()).contains(base + "bodytemp");
        for (MeasurementType t : new MeasurementType[]{MeasurementType.FEV1, MeasurementType.FVC, MeasurementType.PEF,
                MeasurementType.GLUCOSE, MeasurementType.KETONES}) {
            assertThat(MeasurementCoding.of(t).profile()).isEqualTo(Optional.empty());
            assertThat(MeasurementCoding.of(t).category()).isNotEqualTo(MeasurementCoding.Category.VITAL_SIGNS);
        }
        assertThat(MeasurementCoding.of(MeasurementType.BP_SYS).category()).isEqualTo(MeasurementCoding.Category.VITAL_SIGNS);
    }
}
