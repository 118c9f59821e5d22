package dk.telemed.gateway.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No private key, broker password file or filled-in password setting in the project's own
 * files: secrets are made at setup under .telemed/ (ignored) or come from the environment.
 */
class NoCommittedSecretsTest {
    /** Build output, local state and version control: not part of what is committed. */
    static final Set<String> SKIPPED = Set.of("target", ".telemed", ".git", "node_modules", ".idea");
    static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ([A-Z]+ )?PRIVATE KEY-----");
    /** A line of a mosquitto password file: user:$7$iterations$salt$hash. */
    static final Pattern MOSQUITTO_HASH = Pattern.compile("(?m)^[A-Za-z0-9._-]+:\\$[67]\\$");
    /** A password setting in YAML with a value other than "" or a ${VARIABLE} the environment fills in. */
    static final Pattern YAML_PASSWORD = Pattern.compile("(?m)^\\s*(password|passwordFile):[ \\t]*(?!\"\"|''|\\$\\{|$)\\S");

    @Test
    void theProjectHoldsNoSecret() throws IOException {
        Path root = ConfigLoaderTest.projectRoot();
        List<String> found = new ArrayList<>();
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && !skipped(root, f)).toList()) {
                String text = text(file);
                if (text == null) {
                    continue;
                }
                scanned.add(file);
                if (PRIVATE_KEY.matcher(text).find()) {
                    found.add(root.relativize(file) + ": a private key");
                }
                if (MOSQUITTO_HASH.matcher(text).find()) {
                    found.add(root.relativize(file) + ": a broker password file line");
                }
                if (file.toString().endsWith(".yaml") && YAML_PASSWORD.matcher(text).find()) {
                    found.add(root.relativize(file) + ": a password setting with a value");
                }
            }
        }
        assertThat(scanned).as("files scanned").extracting(root::relativize).map(Path::toString)
                .contains("config/gateway.yaml", "config/mosquitto-acl.conf", "scripts/tls-setup.sh");
        assertThat(found).isEmpty();
    }

    @Test
    void aFilledInPasswordIsFoundAndAnEnvironmentReferenceIsNot() {
        assertThat(YAML_PASSWORD.matcher("mqtt:\n  password: hunter22\n").find()).isTrue();
        assertThat(YAML_PASSWORD.matcher("  passwordFile: /etc/telemed/secret\n").find()).isTrue();
        assertThat(YAML_PASSWORD.matcher("    password: ${TELEMED_GRAFANA_INFLUX_PASSWORD}\n").find()).isFalse();
        assertThat(YAML_PASSWORD.matcher("  password: \"\"\n").find()).isFalse();
    }

    private static boolean skipped(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (SKIPPED.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    /** The file's text, or null for a binary or large file. */
    private static String text(Path file) throws IOException {
        if (Files.size(file) > 2_000_000) {
            return null;
        }
        try {
            return Files.readString(file);
        } catch (MalformedInputException e) {
            return null;
        }
    }
}
