package dk.telemed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallPartsTest {
    @Test
    void logTailKeepsTheLastLines() {
        assertThat(ManagedProcess.tail("a\nb\nc\n", 2)).isEqualTo("b\nc");
        assertThat(ManagedProcess.tail("a\nb", 5)).isEqualTo("a\nb");
        assertThat(ManagedProcess.tail("", 5)).isEmpty();
    }

    @Test
    void freePortsAreNeverHandedOutTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.next();
            assertThat(port).isBetween(1024, 65535);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }

    @Test
    void projectRootIsFoundFromAModuleDirectory(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("config"));
        Files.writeString(tmp.resolve("pom.xml"), "<project/>");
        Files.writeString(tmp.resolve("config/mosquitto.conf"), "");
        Path module = Files.createDirectories(tmp.resolve("gateway/target"));
        Files.writeString(tmp.resolve("gateway/pom.xml"), "<project/>");

        assertThat(ProjectRoot.findFrom(module)).isEqualTo(tmp.toAbsolutePath().normalize());
    }

    @Test
    void noProjectRootIsAClearError(@TempDir Path tmp) {
        assertThatThrownBy(() -> ProjectRoot.findFrom(tmp)).hasMessageContaining("telemed.project.root");
    }
}
