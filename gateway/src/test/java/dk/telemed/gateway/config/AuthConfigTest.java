package dk.telemed.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthConfigTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultsSignInFromConfigUsersYamlOverPlainHttp() throws Exception {
        GatewayConfig c = new ConfigLoader(Map.of()).load(Optional.empty());
        assertThat(c.auth().users()).isEqualTo("config/users.yaml");
        assertThat(c.auth().sessionIdleSeconds()).isLessThan(c.auth().sessionLifetimeSeconds());
        assertThat(c.auth().freeFailures()).isLessThan(c.auth().freeFailuresPerAddress());
        assertThat(c.http().tls().enabled()).isFalse();
        assertThat(c.audit().path()).isNotBlank();
    }

    @Test
    void telemedUsersNamesTheUsersFile() throws Exception {
        assertThat(new ConfigLoader(Map.of("TELEMED_USERS", "/etc/telemed/users.yaml")).load(Optional.empty()).auth().users())
                .isEqualTo("/etc/telemed/users.yaml");
    }

    @Test
    void tlsNeedsBothFilesAndTheyMustExist() throws Exception {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("TELEMED_HTTP_TLS_CERT_FILE", "/nonexistent/cert.pem"))
                .load(Optional.empty()))
                .hasMessageContaining("http.tls: set both certFile and keyFile")
                .hasMessageContaining("http.tls.certFile: '/nonexistent/cert.pem' is not a readable file");
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        GatewayConfig c = new ConfigLoader(Map.of("TELEMED_HTTP_TLS_CERT_FILE", cert.toString(),
                "TELEMED_HTTP_TLS_KEY_FILE", key.toString())).load(Optional.empty());
        assertThat(c.http().tls().enabled()).isTrue();
    }

    @Test
    void sessionAndThrottleSettingsAreCheckedAgainstEachOther() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(
                "TELEMED_AUTH_SESSION_IDLE_SECONDS", "600",
                "TELEMED_AUTH_SESSION_LIFETIME_SECONDS", "60",
                "TELEMED_AUTH_FAILURE_DELAY_MAX_MS", "5000000")).load(Optional.empty()))
                .hasMessageContaining("auth.sessionLifetimeSeconds: must be at least auth.sessionIdleSeconds (600), is 60")
                .hasMessageContaining("auth.failureMemorySeconds: must be at least auth.failureDelayMaxMs in seconds (5000)");
    }
}
