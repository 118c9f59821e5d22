package dk.telemed.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theShippedDefaultsAreAUsableConfiguration() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of()).load(Optional.empty());
        assertThat(c.mqtt().url()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(c.mqtt().sessionExpirySeconds()).isPositive();
        assertThat(c.influx().db()).isEqualTo("telemed");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.registry().path()).isEqualTo("config/patients.yaml");
        assertThat(c.mqtt().readingsFilter()).isEqualTo("telemed/v1/devices/+/readings");
    }

    @Test
    void theShippedFileUnderConfigLoadsAsAnOperatorFile() throws Exception {
        Path shipped = projectRoot().resolve("config/gateway.yaml");
        assertThat(new ConfigLoader(Map.of()).load(Optional.of(shipped)).influx().batchSize()).isPositive();
    }

    @Test
    void theEnvironmentVariablesOfTheInterfaceOverride() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of(
                "TELEMED_MQTT_URL", "tcp://10.0.0.5:1884",
                "TELEMED_INFLUX_URL", "http://influx:8087",
                "TELEMED_INFLUX_DB", "other",
                "TELEMED_HTTP_PORT", "9090",
                "TELEMED_REGISTRY", "/etc/telemed/patients.yaml",
                "TELEMED_WEBHOOK_URL", "https://nurses.example/hook",
                "TELEMED_WEBHOOK_SECRET", "s3cret")).load(Optional.empty());
        assertThat(c.mqtt().url()).isEqualTo("tcp://10.0.0.5:1884");
        assertThat(c.influx().url()).isEqualTo("http://influx:8087");
        assertThat(c.influx().db()).isEqualTo("other");
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.registry().path()).isEqualTo("/etc/telemed/patients.yaml");
        assertThat(c.webhooks()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("default");
            assertThat(w.url()).isEqualTo("https://nurses.example/hook");
            assertThat(w.secrets()).containsExactly("s3cret");
            assertThat(w.toString()).doesNotContain("s3cret");
        });
    }

    @Test
    void everySettingHasAnEnvironmentName() throws Exception {
        assertThat(ConfigLoader.environmentName("influx.batchSize")).isEqualTo("TELEMED_INFLUX_BATCH_SIZE");
        assertThat(ConfigLoader.environmentName("mqtt.sessionExpirySeconds")).isEqualTo("TELEMED_MQTT_SESSION_EXPIRY_SECONDS");
        GatewayConfig c = new ConfigLoader(Map.of("TELEMED_INGEST_MAX_FUTURE_SKEW_SECONDS", "60")).load(Optional.empty());
        assertThat(c.ingest().maxFutureSkewSeconds()).isEqualTo(60);
    }

    @Test
    void anOperatorFileOverridesOnlyWhatItNames() throws Exception {
        Path file = Files.writeString(dir.resolve("g.yaml"), "mqtt:\n  clientId: gw-2\n  sharedGroup: telemed\n");
        GatewayConfig c = new ConfigLoader(Map.of()).load(Optional.of(file));
        assertThat(c.mqtt().clientId()).isEqualTo("gw-2");
        assertThat(c.mqtt().readingsFilter()).isEqualTo("$share/telemed/telemed/v1/devices/+/readings");
        assertThat(c.mqtt().url()).isEqualTo("tcp://127.0.0.1:1883");
    }

    @Test
    void anUnknownKeyIsNamedWithTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("g.yaml"), "mqtt:\n  urll: tcp://x:1\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("g.yaml")
                .hasMessageContaining("'mqtt.urll' is not a setting")
                .hasMessageContaining("mqtt.url");
    }

    @Test
    void aYamlErrorNamesTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("g.yaml"), "mqtt:\n  url: [\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file)))
                .hasMessageContaining("g.yaml line");
    }

    @Test
    void aWrongTypeNamesTheKeyAndItsSource() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("TELEMED_HTTP_PORT", "eighty")).load(Optional.empty()))
                .hasMessageContaining("http.port: 'eighty' is not a valid whole number")
                .hasMessageContaining("TELEMED_HTTP_PORT");
    }

    @Test
    void allBadValuesAreReportedAtOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("g.yaml"), """
                mqtt:
                  url: mqtt-broker
                  sessionExpirySeconds: 0
                influx:
                  batchSize: 0
                  retryInitialMs: 500
                  retryMaxMs: 100
                """);
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file)))
                .hasMessageContaining("mqtt.url: 'mqtt-broker' is not a URL")
                .hasMessageContaining("mqtt.sessionExpirySeconds: must be above 0")
                .hasMessageContaining("influx.batchSize: must be between 1 and 100000, is 0")
                .hasMessageContaining("influx.retryMaxMs: must be at least influx.retryInitialMs")
                .hasMessageContaining("(set by " + file + ")");
    }

    @Test
    void theReadingsFeedbackIntervalIsAtMostTenSecondsAndOnByDefault() throws Exception {
        assertThat(new ConfigLoader(Map.of()).load(Optional.empty()).feedback().readingsInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(new ConfigLoader(Map.of("TELEMED_FEEDBACK_READINGS_INTERVAL_MS", "0")).load(Optional.empty())
                .feedback().readingsInterval()).isZero();
        assertThatThrownBy(() -> new ConfigLoader(Map.of("TELEMED_FEEDBACK_READINGS_INTERVAL_MS", "60000")).load(Optional.empty()))
                .hasMessageContaining("feedback.readingsIntervalMs: must be between 0 and 10000, is 60000 (set by environment variable TELEMED_FEEDBACK_READINGS_INTERVAL_MS)");
    }

    @Test
    void aWebhookNeedsASecret() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("TELEMED_WEBHOOK_URL", "https://h/x")).load(Optional.empty()))
                .hasMessageContaining("webhooks[0].secrets: must hold at least one signing secret (use TELEMED_WEBHOOK_SECRET)");
    }

    static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("config/gateway.yaml"))) {
            p = p.getParent();
        }
        return p;
    }
}
