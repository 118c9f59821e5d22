package dk.telemed.gateway.it;

import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.BrokerSecurity;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MosquittoServer;
import dk.telemed.testsupport.MqttTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ./telemed provision-device} and {@code revoke-device} (scripts/secure-setup.sh) against a
 * running broker in secure mode: the new device's account works at once over TLS and may
 * publish as itself only; revoking it drops its live session and refuses it from then on.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProvisioningIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Pattern PASSWORD = Pattern.compile("(?m)^\\s+password\\s+(\\S+)$");
    static final String REGISTRY = """
            patients:
              - id: p-0401
                displayName: Inger Holm   # stays as written
                careTeam: nord-akut
                conditions: [copd]
                devices: [oxi-0401]
            """;

    @Test
    void aProvisionedDeviceConnectsAtOnceAndARevokedOneIsDropped() throws Exception {
        Path work = Path.of("target/it/ProvisioningIT").toAbsolutePath();
        try (MosquittoServer broker = MosquittoServer.startSecure(work, BrokerSecurity.create())) {
            Files.writeString(broker.dir().resolve("pid"), Long.toString(broker.pid()));
            Path registry = Files.writeString(work.resolve("patients.yaml"), REGISTRY);
            // It may hold names and CPR numbers: provisioning and revoking keep it private.
            Files.setPosixFilePermissions(registry, PosixFilePermissions.fromString("rw-------"));

            String out = secureSetup(work, broker, "telemed_provision_device new-oxi-9 p-0401 \"$REGISTRY\" \"$BROKER_DIR\" \"$JAR\"",
                    registry);
            Matcher m = PASSWORD.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            String password = m.group(1);
            assertThat(Files.readString(registry)).contains("devices: [oxi-0401, new-oxi-9]").contains("# stays as written");
            assertThat(Files.readString(broker.passwordFile())).contains("new-oxi-9:").doesNotContain(password);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(registry))).isEqualTo("rw-------");

            AtomicReference<MqttTestClient> connected = new AtomicReference<>();
            Await.until("the new account works after the reload", WAIT, () -> {
                try {
                    connected.set(MqttTestClient.connect(broker.tlsUrl(), "new-oxi-9-it", "new-oxi-9", password, broker.caFile()));
                    return true;
                } catch (MqttTestClient.RefusedException e) {
                    return false;
                }
            });
            try (MqttTestClient device = connected.get()) {
                assertThat(device.publishForReasonCode("telemed/v1/devices/new-oxi-9/readings", "{}")).isLessThan(0x80);
                assertThat(device.publishForReasonCode("telemed/v1/devices/oxi-0401/readings", "{}")).isEqualTo(135);

                secureSetup(work, broker, "telemed_revoke_device new-oxi-9 \"$REGISTRY\" \"$BROKER_DIR\" \"$JAR\"", registry);
                assertThat(Files.readString(registry)).contains("devices: [oxi-0401]");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(registry))).isEqualTo("rw-------");
                assertThat(Files.readString(broker.passwordFile())).doesNotContain("new-oxi-9:");
                Await.until("the revoked device's session is dropped", WAIT, () -> !device.isConnected());
            }
            assertThatThrownBy(() -> MqttTestClient.connect(broker.tlsUrl(), "new-oxi-9-again", "new-oxi-9", password,
                    broker.caFile())).isInstanceOf(MqttTestClient.RefusedException.class);
        }
    }

    /**
     * On the devices' listener a connection's client id is its account's name, so an account
     * named like one of the gateway's client ids would take the gateway's session: refused.
     */
    @Test
    void aDeviceNamedLikeAGatewayClientIdIsRefusedAndTheDemosTokenFileIsPrivate() throws Exception {
        Path work = Path.of("target/it/ProvisioningIT-names").toAbsolutePath();
        try (MosquittoServer broker = MosquittoServer.startSecure(work, BrokerSecurity.create())) {
            Path registry = Files.writeString(work.resolve("patients.yaml"), REGISTRY);
            for (String name : List.of("telemed-gateway-1", "telemed-gateway-1-hook-default", "gw-9", "gw-9-hook-x")) {
                Result r = run(work, broker, "TELEMED_MQTT_CLIENT_ID=gw-9 telemed_provision_device " + name
                        + " p-0401 \"$REGISTRY\" \"$BROKER_DIR\" \"$JAR\"", registry);
                assertThat(r.exit()).as(r.output()).isNotZero();
                assertThat(r.output()).contains("client ids");
                assertThat(Files.readString(broker.passwordFile())).doesNotContain(name + ":");
                assertThat(Files.readString(registry)).doesNotContain(name);
            }
            Result token = run(work, broker, "telemed_client_token \"$ROOT_DIR\" \"$JAR\" demo-system nord-akut", registry);
            assertThat(token.exit()).as(token.output()).isZero();
            for (String file : List.of("client-token.txt", "clients.yaml")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve(file)))).as(file)
                        .isEqualTo("rw-------");
            }
            assertThat(Files.readString(work.resolve("clients.yaml"))).startsWith("clients:").contains("demo-system");
        }
    }

    record Result(int exit, String output) {
    }

    /** Runs a function of scripts/secure-setup.sh with the broker's files as the secure directory. */
    static String secureSetup(Path work, MosquittoServer broker, String call, Path registry) throws IOException, InterruptedException {
        Result r = run(work, broker, call, registry);
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output();
    }

    static Result run(Path work, MosquittoServer broker, String call, Path registry) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String script = "set -euo pipefail; source \"$ROOT/scripts/services.sh\"; source \"$ROOT/scripts/secure-setup.sh\"; " + call;
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", script)).redirectErrorStream(true);
        pb.environment().put("ROOT", root.toString());
        // secure-setup.sh keeps the password file and ACL in $TELEMED_SECURE_DIR/mosquitto/: the broker's own.
        pb.environment().put("TELEMED_SECURE_DIR", work.toString());
        pb.environment().put("REGISTRY", registry.toString());
        pb.environment().put("BROKER_DIR", broker.dir().toString());
        pb.environment().put("ROOT_DIR", work.toString());
        pb.environment().put("JAR", System.getProperty(GatewayProcess.JAR_PROPERTY));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
