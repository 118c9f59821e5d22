package dk.telemed.gateway.registry;

import dk.telemed.gateway.model.MeasurementType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryChangesTest {
    final RegistryParser parser = new RegistryParser();

    PatientRegistry registry(String p1Extra) throws RegistryException {
        return parser.parse("""
                patients:
                  - id: p-0001
                    displayName: Karen Jensen
                    careTeam: nord
                    conditions: [copd]
                    devices: [oxi-1]
                %s
                  - id: p-0002
                    careTeam: nord
                    conditions: [diabetes]
                    devices: [gluco-2]
                """.formatted(p1Extra.indent(4).stripTrailing()), "r");
    }

    @Test
    void namesThePatientAndTheTypesWhoseThresholdsChanged() throws Exception {
        PatientRegistry before = registry("thresholds: { spo2: { red: { below: 85 } }, pulse: { red: { above: 140 } } }");
        PatientRegistry after = registry("thresholds: { spo2: { red: { below: 84 } }, pulse: { red: { above: 140 } }, glucose: { red: { below: 3 } } }");
        List<RegistryChanges.Change> changes = RegistryChanges.log(before, after, "registry file r");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).patientId()).isEqualTo("p-0001");
        assertThat(changes.get(0).thresholds()).containsExactlyInAnyOrder(MeasurementType.SPO2, MeasurementType.GLUCOSE);
        assertThat(RegistryChanges.describe(changes.get(0)))
                .isEqualTo("thresholds changed for spo2, glucose")
                .doesNotContain("Karen");
    }

    @Test
    void planAndPassiveChangesAndPatientsComingAndGoing() throws Exception {
        PatientRegistry before = registry("plan: { spo2: { every: P3D } }");
        PatientRegistry after = parser.parse("""
                patients:
                  - id: p-0001
                    careTeam: nord
                    conditions: [copd]
                    devices: [oxi-1]
                    plan: { spo2: { every: P1D } }
                    passive: [{ from: 2026-12-01, to: 2026-12-02 }]
                  - id: p-0003
                    careTeam: syd
                    conditions: [copd]
                    devices: [oxi-3]
                """, "r");
        assertThat(RegistryChanges.between(before, after)).extracting(RegistryChanges::describe).containsExactly(
                "plan changed for spo2, passive intervals changed",
                "removed from the registry",
                "added");
    }

    @Test
    void nothingChangedIsNoChange() throws Exception {
        assertThat(RegistryChanges.between(registry(""), registry(""))).isEmpty();
    }
}
