package dk.telemed.gateway.registry;

import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryParserTest {
    final RegistryParser parser = new RegistryParser();

    @Test
    void theInterfaceExampleParses() throws Exception {
        PatientRegistry registry = parser.parse("""
                patients:
                  - id: p-0001
                    careTeam: nord-akut
                    conditions: [copd]
                    devices: [oxi-0001, spiro-0001, scale-0001]
                    thresholds:
                      spo2: { red: { below: 85 }, yellow: { below: 88 } }
                """, "test");
        Patient p = registry.ownerOf("spiro-0001").orElseThrow();
        assertThat(p.id()).isEqualTo("p-0001");
        assertThat(p.careTeam()).isEqualTo("nord-akut");
        assertThat(p.conditions()).containsExactly(Condition.COPD);
        assertThat(p.thresholdOverrides().get(MeasurementType.SPO2).red().below()).hasValue(85);
        assertThat(p.thresholdOverrides().get(MeasurementType.SPO2).red().above()).isEmpty();
        assertThat(registry.ownerOf("oxi-9999")).isEmpty();
    }

    @Test
    void bothConditionsAndADisplayNameThatStaysOutOfToString() throws Exception {
        PatientRegistry registry = parser.parse("""
                patients:
                  - id: p-0002
                    displayName: Karen Jensen
                    careTeam: syd
                    conditions: [copd, diabetes]
                    devices: [gluco-2]
                """, "test");
        Patient p = registry.patient("p-0002").orElseThrow();
        assertThat(p.conditions()).containsExactlyInAnyOrder(Condition.COPD, Condition.DIABETES);
        assertThat(p.displayName()).contains("Karen Jensen");
        assertThat(p.toString()).doesNotContain("Karen");
    }

    @Test
    void everyProblemIsReportedWithItsPlace() {
        assertThatThrownBy(() -> parser.parse("""
                patients:
                  - id: p 1
                    careTeam: nord
                    conditions: [asthma]
                    devices: [oxi-1]
                    thresholds:
                      mood: { red: { below: 1 } }
                      spo2: { red: { under: 85 } }
                  - id: p-2
                    careTeam: nord
                    conditions: [copd]
                    devices: [oxi-1]
                    colour: blue
                  - id: p-3
                    conditions: [copd]
                    devices: [oxi-3]
                  - id: p-4
                    careTeam: nord
                    conditions: [copd]
                    devices: [oxi-4]
                    thresholds:
                      pulse: { yellow: { above: "fast" } }
                """, "patients.yaml"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("patients.yaml")
                .hasMessageContaining("patients[0].id: 'p 1' must match")
                .hasMessageContaining("patients[0].conditions: unknown condition 'asthma'")
                .hasMessageContaining("patients[0].thresholds.mood: unknown measurement type")
                .hasMessageContaining("patients[0].thresholds.spo2.red.under: unknown key")
                .hasMessageContaining("patients[1].colour: unknown key")
                .hasMessageContaining("patients[2].careTeam: missing")
                .hasMessageContaining("patients[3].thresholds.pulse.yellow.above: 'fast' is not a number");
    }

    @Test
    void aDeviceBelongsToOnePatient() {
        assertThatThrownBy(() -> parser.parse("""
                patients:
                  - { id: p-1, careTeam: a, conditions: [copd], devices: [oxi-1] }
                  - { id: p-2, careTeam: a, conditions: [copd], devices: [oxi-1] }
                  - { id: p-2, careTeam: a, conditions: [copd], devices: [oxi-2] }
                """, "r"))
                .hasMessageContaining("device 'oxi-1' is registered to both p-1 and p-2")
                .hasMessageContaining("patient id 'p-2' appears more than once");
    }

    @Test
    void aRegistryOfAHundredThousandDevicesIsReadWhole() throws Exception {
        StringBuilder yaml = new StringBuilder("patients:\n");
        int patients = 34_000;
        for (int i = 1; i <= patients; i++) {
            yaml.append("  - id: p-").append(i).append("\n    careTeam: nord-akut\n    conditions: [copd, diabetes]\n")
                    .append("    devices: [oxi-").append(i).append(", gluco-").append(i).append(", scale-").append(i).append("]\n");
        }
        assertThat(yaml.length()).isGreaterThan(3 * 1024 * 1024);

        PatientRegistry registry = parser.parse(yaml.toString(), "r");

        assertThat(registry.patients()).hasSize(patients);
        assertThat(registry.deviceCount()).isEqualTo(3 * patients);
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> parser.parse("patients:\n  - id: [unclosed\n", "r"))
                .hasMessageContaining("line");
        assertThatThrownBy(() -> parser.parse("people: []\n", "r"))
                .hasMessageContaining("'patients'");
    }

    @Test
    void otherTopLevelKeysAreSkippedWhereverTheyStand() throws Exception {
        PatientRegistry registry = parser.parse("""
                version: 3
                owner: { team: nord, notes: [a, b] }
                patients:
                  - { id: p-1, careTeam: nord, conditions: [copd], devices: [oxi-1] }
                trailer: [x, { y: z }]
                """, "r");
        assertThat(registry.patients()).extracting(Patient::id).containsExactly("p-1");
    }

    @Test
    void aTopLevelThatIsNoMappingOrPatientsThatAreNoListAreRefused() {
        for (String text : List.of("", "- p-1\n", "just text\n", "patients: p-1\n", "patients: { id: p-1 }\n")) {
            assertThatThrownBy(() -> parser.parse(text, "r")).as(text).hasMessageContaining("'patients'");
        }
    }

    @Test
    void anEmptyOrScalarEntryIsAProblemAtItsIndex() {
        assertThatThrownBy(() -> parser.parse("""
                patients:
                  - { id: p-1, careTeam: nord, conditions: [copd], devices: [oxi-1] }
                  -
                  - p-3
                """, "r"))
                .hasMessageContaining("patients[1]: expected a mapping")
                .hasMessageContaining("patients[2]: expected a mapping");
    }

    @Test
    void whenPatientsAppearsTwiceTheLastListCounts() throws Exception {
        PatientRegistry registry = parser.parse("""
                patients:
                  - { id: p-1, careTeam: nord, conditions: [copd], devices: [oxi-1] }
                  - { id: bad id }
                patients:
                  - { id: p-2, careTeam: nord, conditions: [copd], devices: [oxi-2] }
                """, "r");
        assertThat(registry.patients()).extracting(Patient::id).containsExactly("p-2");
    }
}
