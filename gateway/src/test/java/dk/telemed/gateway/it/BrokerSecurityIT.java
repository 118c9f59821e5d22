package dk.telemed.gateway.it;

import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.BrokerSecurity;
import dk.telemed.testsupport.MosquittoServer;
import dk.telemed.testsupport.MqttTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker in the project's secure mode (config/mosquitto-secure.conf and mosquitto-acl.conf):
 * who may connect, publish and read what, and TLS with the project CA.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrokerSecurityIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String GATEWAY_PASSWORD = "gw-" + System.nanoTime();
    static final String OXI_PASSWORD = "oxi-" + System.nanoTime();
    static final String OTHER_PASSWORD = "other-" + System.nanoTime();

    /** PUBACK reason codes below this accept the message (0, or 16: no matching subscribers). */
    static final int REFUSED = 0x80;

    static MosquittoServer broker;

    @BeforeAll
    static void start() {
        broker = MosquittoServer.startSecure(Path.of("target/it/BrokerSecurityIT"), BrokerSecurity.create()
                .gatewayAccount(BrokerSecurity.GATEWAY_USER, GATEWAY_PASSWORD)
                .account("oxi-0001", OXI_PASSWORD)
                .account("oxi-0002", OTHER_PASSWORD)
                .alertConsumer("alerts.team-a", "a-secret", "team-a")
                .alertConsumer("alerts.team-b", "b-secret", "team-b"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aClientWithoutAnAccountOrWithAWrongPasswordCannotConnect() {
        assertThatThrownBy(() -> MqttTestClient.connect(broker.url(), "anonymous-it"))
                .isInstanceOf(MqttTestClient.RefusedException.class)
                .satisfies(e -> assertThat(((MqttTestClient.RefusedException) e).reasonCode()).isEqualTo(135));
        assertThatThrownBy(() -> MqttTestClient.connect(broker.url(), "wrong-it", "oxi-0001", "not-its-password", null))
                .isInstanceOf(MqttTestClient.RefusedException.class)
                .satisfies(e -> assertThat(((MqttTestClient.RefusedException) e).reasonCode()).isIn(134, 135));
        assertThatThrownBy(() -> MqttTestClient.connect(broker.tlsUrl(), "anonymous-tls-it", null, null, broker.caFile()))
                .isInstanceOf(MqttTestClient.RefusedException.class);
    }

    /**
     * Mosquitto 2.0.11 answers an ACL-refused QoS 1 publish under MQTT 5 with PUBACK reason
     * code 135 (not authorized) and drops the message; the device stays connected.
     */
    @Test
    void aDeviceCannotPublishAsAnotherDevice() {
        try (MqttTestClient gateway = MqttTestClient.connect(broker.url(), "gw-it", BrokerSecurity.GATEWAY_USER,
                GATEWAY_PASSWORD, null);
             MqttTestClient device = MqttTestClient.connect(broker.tlsUrl(), "oxi-0001-it", "oxi-0001", OXI_PASSWORD,
                     broker.caFile())) {
            assertThat(gateway.subscribeForReasonCode("$share/it/telemed/v1/devices/+/readings")).isEqualTo(1);
            assertThat(device.publishForReasonCode("telemed/v1/devices/oxi-0002/readings", "{\"forged\":true}"))
                    .isEqualTo(135);
            assertThat(device.publishForReasonCode("telemed/v1/devices/oxi-0001/status", "{\"battery\":80}"))
                    .isLessThan(REFUSED);
            assertThat(device.publishForReasonCode("telemed/v1/alerts/team-a/p-0001", "{\"forged\":true}")).isEqualTo(135);
            assertThat(device.publishForReasonCode("telemed/v1/devices/oxi-0001/readings", "{\"own\":true}")).isLessThan(REFUSED);
            // Messages of one connection arrive in order: once its own reading is in, the forged one never comes.
            Await.until("the device's own reading reaches the gateway", WAIT,
                    () -> gateway.received().stream().anyMatch(m -> m.text().contains("own")));
            assertThat(gateway.received()).extracting(MqttTestClient.Received::topic)
                    .containsExactly("telemed/v1/devices/oxi-0001/readings");
        }
    }

    @Test
    void aDeviceReadsNothing() {
        try (MqttTestClient gateway = MqttTestClient.connect(broker.url(), "gw-it-2", BrokerSecurity.GATEWAY_USER,
                GATEWAY_PASSWORD, null);
             MqttTestClient nosy = MqttTestClient.connect(broker.tlsUrl(), "oxi-0002-it", "oxi-0002", OTHER_PASSWORD,
                     broker.caFile())) {
            int granted = nosy.subscribeForReasonCode("telemed/#");
            gateway.publish("telemed/v1/alerts/team-a/p-0001", "{\"event\":\"raised\"}");
            gateway.publish("telemed/v1/rejected/oxi-0001", "{\"code\":\"bad_unit\"}");
            try (MqttTestClient teamA = MqttTestClient.connect(broker.tlsUrl(), "team-a-it-0", "alerts.team-a", "a-secret",
                    broker.caFile())) {
                teamA.subscribe("telemed/v1/alerts/team-a/#");
                gateway.publish("telemed/v1/alerts/team-a/p-0002", "{\"marker\":1}");
                Await.until("team A's consumer gets the marker", WAIT, () -> !teamA.received().isEmpty());
            }
            assertThat(nosy.received()).as("SUBACK code was " + granted).isEmpty();
        }
    }

    /**
     * The patient's side: a device publishes its own symptom responses (not another's) and
     * reads the gateway's feedback to itself, never another device's.
     */
    @Test
    void aDeviceReadsItsOwnFeedbackOnlyAndAnswersForItselfOnly() {
        try (MqttTestClient gateway = MqttTestClient.connect(broker.url(), "gw-it-fb", BrokerSecurity.GATEWAY_USER,
                GATEWAY_PASSWORD, null);
             MqttTestClient own = MqttTestClient.connect(broker.tlsUrl(), "oxi-0001-fb", "oxi-0001", OXI_PASSWORD, broker.caFile());
             MqttTestClient nosy = MqttTestClient.connect(broker.tlsUrl(), "oxi-0002-fb", "oxi-0002", OTHER_PASSWORD, broker.caFile())) {
            assertThat(gateway.subscribeForReasonCode("telemed/v1/devices/+/responses")).isEqualTo(1);
            assertThat(own.subscribeForReasonCode("telemed/v1/devices/oxi-0001/feedback")).isEqualTo(1);
            int crossCode = nosy.subscribeForReasonCode("telemed/v1/devices/oxi-0001/feedback");
            int wildCode = nosy.subscribeForReasonCode("telemed/v1/devices/+/feedback");
            assertThat(nosy.subscribeForReasonCode("telemed/v1/devices/oxi-0002/feedback")).isEqualTo(1);

            assertThat(nosy.publishForReasonCode("telemed/v1/devices/oxi-0001/responses", "{\"forged\":true}")).isEqualTo(135);
            assertThat(nosy.publishForReasonCode("telemed/v1/devices/oxi-0001/feedback", "{\"forged\":true}")).isEqualTo(135);
            assertThat(own.publishForReasonCode("telemed/v1/devices/oxi-0001/responses", "{\"own\":true}")).isLessThan(REFUSED);
            Await.until("the device's own response reaches the gateway", WAIT,
                    () -> gateway.received().stream().anyMatch(m -> m.text().contains("own")));
            assertThat(gateway.received()).extracting(MqttTestClient.Received::topic)
                    .containsExactly("telemed/v1/devices/oxi-0001/responses");

            gateway.publish("telemed/v1/devices/oxi-0001/feedback", "{\"for\":\"oxi-0001\"}");
            gateway.publish("telemed/v1/devices/oxi-0002/feedback", "{\"for\":\"oxi-0002\"}");
            Await.until("each device gets its own feedback", WAIT, () -> !own.received().isEmpty() && !nosy.received().isEmpty());
            // oxi-0001's feedback went out first: had oxi-0002 been allowed to read it, it would have arrived before its own
            // (its own may come twice, once per matching subscription).
            assertThat(nosy.received()).as("SUBACK codes for oxi-0001's and every device's feedback: %d, %d", crossCode, wildCode)
                    .extracting(MqttTestClient.Received::topic).containsOnly("telemed/v1/devices/oxi-0002/feedback");
            assertThat(own.received()).extracting(MqttTestClient.Received::topic).containsExactly("telemed/v1/devices/oxi-0001/feedback");
        }
    }

    @Test
    void aCareTeamsConsumerReadsOnlyItsOwnTeamsAlerts() {
        try (MqttTestClient gateway = MqttTestClient.connect(broker.url(), "gw-it-3", BrokerSecurity.GATEWAY_USER,
                GATEWAY_PASSWORD, null);
             MqttTestClient teamA = MqttTestClient.connect(broker.tlsUrl(), "team-a-it", "alerts.team-a", "a-secret",
                     broker.caFile());
             MqttTestClient teamB = MqttTestClient.connect(broker.tlsUrl(), "team-b-it", "alerts.team-b", "b-secret",
                     broker.caFile())) {
            int crossCode = teamA.subscribeForReasonCode("telemed/v1/alerts/team-b/#");
            int wildCode = teamA.subscribeForReasonCode("telemed/v1/alerts/#");
            assertThat(teamA.subscribeForReasonCode("telemed/v1/alerts/team-a/#")).isEqualTo(1);
            assertThat(teamB.subscribeForReasonCode("telemed/v1/alerts/team-b/#")).isEqualTo(1);
            gateway.publish("telemed/v1/alerts/team-b/p-0009", "{\"team\":\"b\"}");
            gateway.publish("telemed/v1/alerts/team-a/p-0001", "{\"team\":\"a\"}");
            Await.until("each team's consumer gets its own alert", WAIT,
                    () -> !teamA.received().isEmpty() && !teamB.received().isEmpty());
            // B's alert went out first: had A been allowed to read it, it would have arrived before A's own.
            assertThat(teamA.received()).as("SUBACK codes for team B's and all alerts: %d, %d", crossCode, wildCode)
                    .extracting(MqttTestClient.Received::topic)
                    .allMatch(t -> t.startsWith("telemed/v1/alerts/team-a/"));
            assertThat(teamB.received()).extracting(MqttTestClient.Received::topic)
                    .containsExactly("telemed/v1/alerts/team-b/p-0009");
        }
    }

    @Test
    void tlsWithTheProjectCaConnectsAndPlaintextToTheTlsPortFails() throws Exception {
        try (MqttTestClient device = MqttTestClient.connect(broker.tlsUrl(), "tls-it", "oxi-0001", OXI_PASSWORD,
                broker.caFile())) {
            assertThat(device.publishForReasonCode("telemed/v1/devices/oxi-0001/readings", "{}")).isLessThan(REFUSED);
        }
        // Plain MQTT to the TLS port: the TLS listener never answers a CONNACK.
        assertThatThrownBy(() -> MqttTestClient.connect("tcp://127.0.0.1:" + broker.tlsPort(), "plain-it", "oxi-0001",
                OXI_PASSWORD, null)).isInstanceOf(MqttTestClient.RefusedException.class);
        // TLS without trusting the project CA: the handshake fails on the certificate.
        assertThatThrownBy(() -> MqttTestClient.connect(broker.tlsUrl(), "untrusting-it", "oxi-0001", OXI_PASSWORD, null))
                .isInstanceOf(MqttTestClient.RefusedException.class);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", broker.tlsPort()), 2000);
            assertThat(plain).isNotInstanceOf(SSLSocket.class);
        } catch (IOException e) {
            throw new AssertionError("the TLS port should accept TCP connections", e);
        }
    }
}
