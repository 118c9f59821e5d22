package dk.telemed.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsConfigTest {
    static final String SECRET = "Kn0wn-Secret-4711";

    @TempDir
    Path dir;

    @Test
    void credentialsComeFromTheEnvironmentAndNeverShowInToString() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of(
                "TELEMED_MQTT_URL", "ssl://127.0.0.1:8883",
                "TELEMED_MQTT_USERNAME", "gateway",
                "TELEMED_MQTT_PASSWORD", SECRET,
                "TELEMED_INFLUX_USERNAME", "gateway",
                "TELEMED_INFLUX_PASSWORD", SECRET,
                "TELEMED_WEBHOOK_URL", "https://receiver.example/hook",
                "TELEMED_WEBHOOK_SECRET", SECRET)).load(Optional.empty());
        assertThat(c.mqtt().credentials().secret()).isEqualTo(SECRET);
        assertThat(c.influx().credentials().username()).isEqualTo("gateway");
        assertThat(c.toString()).doesNotContain(SECRET).contains("username=gateway");
        assertThat(c.mqtt().toString()).doesNotContain(SECRET);
        assertThat(c.influx().toString()).doesNotContain(SECRET);
        assertThat(c.mqtt().credentials().toString()).doesNotContain(SECRET);
    }

    @Test
    void aPasswordFileIsReadAtEachUse() throws Exception {
        Path file = Files.writeString(dir.resolve("mqtt.password"), SECRET + "\n");
        GatewayConfig c = new ConfigLoader(Map.of("TELEMED_MQTT_USERNAME", "gateway",
                "TELEMED_MQTT_PASSWORD_FILE", file.toString())).load(Optional.empty());
        assertThat(c.mqtt().credentials().secret()).isEqualTo(SECRET);
        Files.writeString(file, "rotated\n");
        assertThat(c.mqtt().credentials().secret()).isEqualTo("rotated");
        assertThat(c.toString()).doesNotContain(SECRET).contains(file.toString());
    }

    @Test
    void aConfigurationErrorNamesTheKeysButNotTheSecret() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(
                "TELEMED_INFLUX_PASSWORD", SECRET,
                "TELEMED_INFLUX_PASSWORD_FILE", dir.resolve("missing").toString(),
                "TELEMED_MQTT_PASSWORD", SECRET,
                "TELEMED_MQTT_CA_FILE", dir.resolve("ca.pem").toString())).load(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("influx.passwordFile: set either influx.password or influx.passwordFile, not both")
                .hasMessageContaining("influx.username: must be set when a password is given")
                .hasMessageContaining("mqtt.caFile: is only used with an ssl://")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aWebhookMayTrustItsOwnCaOnlyOverHttps() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not checked here");
        Path file = Files.writeString(dir.resolve("gateway.yaml"), """
                webhooks:
                  - name: plain
                    url: http://receiver.example/hook
                    secrets: [s1]
                    caFile: %s
                """.formatted(ca));
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file)))
                .hasMessageContaining("webhooks[0].caFile: is only used with an https:// url");
    }
}
