package dk.telemed.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhooksConfigTest {
    static final String TWO = """
            webhooks:
              - name: default
                url: https://file.example/hook
                secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]
              - name: nord-night
                url: http://127.0.0.1:9000/night
                secrets: [old-secret, new-secret]
                careTeams: [nord-akut]
                minSeverity: red
                timeoutMs: 2000
            """;

    @TempDir
    Path dir;

    @Test
    void theDefaultsHaveNoWebhookAndSaneDeliverySettings() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of()).load(Optional.empty());
        assertThat(c.webhooks()).isEmpty();
        assertThat(c.webhookDelivery().giveUpAfterSeconds()).isEqualTo(72 * 3600);
        assertThat(c.webhookDelivery().receiveMaximum()).isEqualTo(100);
        assertThat(c.webhookDelivery().maxBackoffMs()).isGreaterThanOrEqualTo(c.webhookDelivery().initialBackoffMs());
    }

    @Test
    void aFileListsWebhooksAndTheOptionalKeysGetTheirDefaults() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of()).load(Optional.of(file(TWO)));
        assertThat(c.webhooks()).hasSize(2);
        WebhookConfig first = c.webhooks().get(0);
        assertThat(first.careTeams()).isEmpty();
        assertThat(first.minSeverity()).isEqualTo("blue");
        assertThat(first.timeoutMs()).isEqualTo(15_000);
        assertThat(first.connectTimeoutMs()).isEqualTo(5_000);
        WebhookConfig night = c.webhooks().get(1);
        assertThat(night.careTeams()).containsExactly("nord-akut");
        assertThat(night.minSeverity()).isEqualTo("red");
        assertThat(night.timeoutMs()).isEqualTo(2000);
        assertThat(night.secrets()).containsExactly("old-secret", "new-secret");
        assertThat(night.toString()).doesNotContain("old-secret").doesNotContain("new-secret").contains("2 set");
    }

    @Test
    void theInterfaceVariablesSetTheWebhookNamedDefault() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of(
                "TELEMED_WEBHOOK_URL", "https://env.example/hook",
                "TELEMED_WEBHOOK_SECRET", " new-key  old-key ")).load(Optional.of(file(TWO)));
        assertThat(c.webhooks()).extracting(WebhookConfig::name).containsExactly("default", "nord-night");
        assertThat(c.webhooks().get(0).url()).isEqualTo("https://env.example/hook");
        assertThat(c.webhooks().get(0).secrets()).containsExactly("new-key", "old-key");
        assertThat(c.webhooks().get(1).url()).isEqualTo("http://127.0.0.1:9000/night");
    }

    @Test
    void withoutAUrlTheSecretAloneAddsNoWebhook() throws Exception {
        assertThat(new ConfigLoader(Map.of("TELEMED_WEBHOOK_SECRET", "s")).load(Optional.empty()).webhooks()).isEmpty();
        assertThat(new ConfigLoader(Map.of("TELEMED_WEBHOOK_URL", "", "TELEMED_WEBHOOK_SECRET", "s"))
                .load(Optional.empty()).webhooks()).isEmpty();
    }

    @Test
    void everyBadValueIsNamedByItsIndexAndKey() throws Exception {
        Path bad = file("""
                webhooks:
                  - name: ok
                    url: https://a.example/
                    secrets: [whsec_not*base64]
                    careTeams: [nord akut]
                  - name: ok
                    url: ftp://b.example/
                    secrets: []
                    minSeverity: purple
                    timeoutMs: 0
                webhookDelivery:
                  maxBackoffMs: 10
                """);
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(bad)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("webhooks[0].secrets[0]: starts with whsec_ but the rest is not base64")
                .hasMessageContaining("webhooks[0].careTeams[0]: must be a care team name")
                .hasMessageContaining("webhooks[1].name: 'ok' is the name of an earlier webhook")
                .hasMessageContaining("webhooks[1].url: 'ftp://b.example/' is not a URL")
                .hasMessageContaining("webhooks[1].secrets: must hold at least one signing secret")
                .hasMessageContaining("webhooks[1].minSeverity: must be one of blue")
                .hasMessageContaining("webhooks[1].timeoutMs: must be between 100 and 600000, is 0")
                .hasMessageContaining("webhookDelivery.maxBackoffMs: must be at least webhookDelivery.initialBackoffMs")
                .hasMessageContaining("(set by " + bad + ")")
                .message().doesNotContain("not*base64");
    }

    @Test
    void unknownAndMissingKeysOfAWebhookAreNamed() throws Exception {
        Path bad = file("""
                webhooks:
                  - name: a
                    urll: https://a.example/
                    secrets: [s]
                """);
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(bad)))
                .hasMessageContaining("webhooks[0].urll: is not a setting of a webhook (known: name, url, secrets, careTeams")
                .hasMessageContaining("webhooks[0].url: is required");
    }

    @Test
    void aWrongTypeInsideTheListNamesItsIndex() throws Exception {
        Path bad = file("""
                webhooks:
                  - name: a
                    url: https://a.example/
                    secrets: [s]
                    timeoutMs: soon
                """);
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(bad)))
                .hasMessageContaining("webhooks[0].timeoutMs: 'soon' is not a valid whole number")
                .hasMessageContaining("(set by " + bad + ")");
    }

    @Test
    void aSingleSecretOrCareTeamNeedsNoListAndASecretIsNeverEchoed() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of()).load(Optional.of(file("""
                webhooks:
                  - name: a
                    url: https://a.example/
                    secrets: only-secret
                    careTeams: syd
                """)));
        assertThat(c.webhooks().get(0).secrets()).containsExactly("only-secret");
        assertThat(c.webhooks().get(0).careTeams()).containsExactly("syd");
        Path bad = file("""
                webhooks:
                  - name: a
                    url: https://a.example/
                    secrets: {key: leaked-if-shown}
                """);
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(bad)))
                .hasMessageContaining("webhooks[0].secrets")
                .message().doesNotContain("leaked-if-shown");
    }

    @Test
    void webhooksMustBeAList() throws Exception {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file("webhooks: https://a.example/\n"))))
                .hasMessageContaining("webhooks: must be a list of webhooks");
    }

    @Test
    void deliverySettingsHaveEnvironmentNames() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of("TELEMED_WEBHOOK_DELIVERY_INITIAL_BACKOFF_MS", "50",
                "TELEMED_WEBHOOK_DELIVERY_CIRCUIT_COOL_DOWN_MS", "500")).load(Optional.empty());
        assertThat(c.webhookDelivery().initialBackoffMs()).isEqualTo(50);
        assertThat(c.webhookDelivery().circuitCoolDownMs()).isEqualTo(500);
    }

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("gateway-" + yaml.hashCode() + ".yaml"), yaml);
    }
}
