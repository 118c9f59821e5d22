package dk.telemed.gateway.registry;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry shipped under config/ must stay loadable, so an example can never rot. */
class ShippedRegistryTest {
    @Test
    void theShippedExampleRegistryParses() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("config/patients.yaml"))) {
            root = root.getParent();
        }
        PatientRegistry registry = new RegistryParser().parse(Files.readString(root.resolve("config/patients.yaml")), "config/patients.yaml");
        assertThat(registry.patients()).isNotEmpty();
        assertThat(registry.ownerOf("oxi-0001")).map(Patient::id).contains("p-0001");
    }
}
