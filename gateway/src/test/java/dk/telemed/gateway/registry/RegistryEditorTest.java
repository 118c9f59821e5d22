package dk.telemed.gateway.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryEditorTest {
    static final String REGISTRY = """
            # the care team's registry
            patients:
              - id: p-0001
                displayName: Karen Jensen   # kept as written
                careTeam: nord-akut
                conditions: [copd]
                devices: [oxi-0001, spiro-0001]
                thresholds:
                  spo2: { red: { below: 85 } }
              - id: p-0002
                careTeam: syd
                conditions: [diabetes]
                devices: [gluco-0002]
            """;

    @TempDir
    Path dir;

    /** It may hold names and CPR numbers: an edit keeps the file exactly as private as it was. */
    @Test
    void addingAndRemovingKeepTheFilesPermissions() throws Exception {
        Path file = Files.writeString(dir.resolve("patients.yaml"), REGISTRY);
        for (String mode : new String[] {"rw-------", "rw-r-----"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            RegistryEditor.add(file, "p-0002", "scale-" + mode.length() + mode.charAt(4));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo(mode);
            RegistryEditor.remove(file, "scale-" + mode.length() + mode.charAt(4));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo(mode);
        }
        assertThat(dir.resolve("patients.yaml.editing")).doesNotExist();
    }

    @Test
    void addingADeviceKeepsEverythingElseAsWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("patients.yaml"), REGISTRY);
        RegistryEditor.add(file, "p-0002", "scale-0002");
        RegistryEditor.add(file, "p-0002", "scale-0002");
        String text = Files.readString(file);
        assertThat(text).contains("devices: [gluco-0002, scale-0002]").contains("# kept as written")
                .contains("# the care team's registry");
        assertThat(new RegistryParser().parse(text, "t").ownerOf("scale-0002").orElseThrow().id()).isEqualTo("p-0002");
    }

    @Test
    void removingADeviceTakesItFromItsPatient() throws Exception {
        Path file = Files.writeString(dir.resolve("patients.yaml"), REGISTRY);
        RegistryEditor.remove(file, "oxi-0001");
        RegistryEditor.remove(file, "never-there");
        assertThat(Files.readString(file)).contains("devices: [spiro-0001]");
    }

    @Test
    void anotherPatientsDeviceOrAnUnknownPatientIsRefusedAndTheFileKept() throws Exception {
        Path file = Files.writeString(dir.resolve("patients.yaml"), REGISTRY);
        assertThatThrownBy(() -> RegistryEditor.add(file, "p-0002", "oxi-0001")).hasMessageContaining("belongs to patient p-0001");
        assertThatThrownBy(() -> RegistryEditor.add(file, "p-0404", "oxi-0404")).hasMessageContaining("no patient p-0404");
        assertThatThrownBy(() -> RegistryEditor.add(file, "p-0002", "bad id")).hasMessageContaining("must match");
        assertThatThrownBy(() -> RegistryEditor.remove(file, "gluco-0002")).hasMessageContaining("only device");
        assertThat(Files.readString(file)).isEqualTo(REGISTRY);
    }
}
