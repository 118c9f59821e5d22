package dk.telemed.gateway.it;

import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.BrokerSecurity;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.RawMqtt;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What someone holding one device's password can do to everybody else, tried from outside on
 * the secure setup the demo runs (the broker's TLS listener for devices, the loopback one for
 * the gateway, the shipped ACL and limits): take the gateway's client ids, publish packets of
 * hundreds of megabytes, forge the gateway's log lines. Each attempt must leave the gateway
 * ready and storing the other patients' readings.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StolenDeviceIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String GATEWAY_ID = "stolen-it-gw";
    static final String SECRET = "Gw-" + System.nanoTime();
    static final String STOLEN_PASSWORD = "stolen-" + System.nanoTime();
    static final String OTHER_PASSWORD = "other-" + System.nanoTime();
    static final String REGISTRY = """
            patients:
              - { id: p-0701, careTeam: nord-akut, conditions: [copd], devices: [oxi-0701] }
              - { id: p-0702, careTeam: nord-akut, conditions: [copd], devices: [oxi-0702] }
            """;
    static final AtomicInteger READINGS = new AtomicInteger();

    static TestStack stack;
    static GatewayProcess gateway;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        stack = TestStack.startSecure(Path.of("target/it/StolenDeviceIT"), REGISTRY, BrokerSecurity.create()
                .account("oxi-0701", STOLEN_PASSWORD)
                .account("oxi-0702", OTHER_PASSWORD), SECRET);
        receiver = WebhookReceiver.start("stolen-it");
        gateway = stack.startGateway(GATEWAY_ID, Map.of(
                "TELEMED_WEBHOOK_URL", receiver.url(), "TELEMED_WEBHOOK_SECRET", "stolen-it-webhook-secret",
                // Short reconnect delays keep the takeover test short; the backoff's shape is the same.
                "TELEMED_MQTT_MAX_RECONNECT_DELAY_SECONDS", "1"));
        Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /** The other patient's device publishes one reading; it must be stored. */
    static void anotherPatientsReadingIsStored() {
        Instant ts = Instant.now().minus(10, ChronoUnit.MINUTES).plusMillis(READINGS.incrementAndGet())
                .truncatedTo(ChronoUnit.MILLIS);
        try (MqttTestClient device = MqttTestClient.connect(stack.broker().tlsUrl(), "oxi-0702", "oxi-0702",
                OTHER_PASSWORD, stack.broker().caFile())) {
            device.publish("telemed/v1/devices/oxi-0702/readings", """
                    {"msgId": "o-%d", "ts": "%s", "type": "spo2", "value": 96, "unit": "%%"}""".formatted(READINGS.get(), ts));
        }
        Await.until("the other patient's reading at " + ts + " is stored", WAIT,
                () -> stack.stored("patient = 'p-0702' AND time = '" + ts + "'") == 1);
    }

    @Test
    @Order(1)
    void aDeviceAskingForTheGatewaysClientIdsGetsItsOwnAndTheGatewayKeepsItsSessions() {
        for (String id : List.of(GATEWAY_ID, GATEWAY_ID + "-out", GATEWAY_ID + "-hook-default")) {
            try (MqttTestClient impostor = MqttTestClient.connect(stack.broker().tlsUrl(), id, "oxi-0701", STOLEN_PASSWORD,
                    stack.broker().caFile())) {
                assertThat(impostor.publishForReasonCode("telemed/v1/devices/oxi-0701/status", "{\"battery\": 50}"))
                        .isLessThan(0x80);
                anotherPatientsReadingIsStored();
            }
        }
        String brokerLog = stack.broker().log();
        assertThat(brokerLog).contains("as oxi-0701 (")
                .doesNotContain("Client " + GATEWAY_ID + " already connected")
                .doesNotContain("Client " + GATEWAY_ID + "-out already connected")
                .doesNotContain("Client " + GATEWAY_ID + "-hook-default already connected");
        assertThat(gateway.log()).doesNotContain("lost the broker connection").doesNotContain("closed this session");
        assertThat(gateway.metric("telemed_mqtt_session_takeovers_total")).isZero();
        assertThat(gateway.get("/ready")).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aDevicesPasswordDoesNotOpenTheGatewaysListener() {
        assertThatThrownBy(() -> MqttTestClient.connect(stack.broker().url(), GATEWAY_ID, "oxi-0701", STOLEN_PASSWORD, null))
                .isInstanceOf(MqttTestClient.RefusedException.class)
                .satisfies(e -> assertThat(((MqttTestClient.RefusedException) e).reasonCode()).isIn(134, 135));
        assertThat(gateway.log()).doesNotContain("lost the broker connection");
    }

    /**
     * The broker refuses a packet over its max_packet_size and closes the connection; nothing
     * is stored in it, so nothing comes back after a broker restart either.
     */
    @Test
    @Order(3)
    void publishesOf20And250MegabytesAreRefusedAndTheGatewayStaysReadyAcrossARestart() throws Exception {
        for (long size : new long[] {20_000_000L, 250_000_000L}) {
            try (RawMqtt device = RawMqtt.connectTls("127.0.0.1", stack.broker().tlsPort(), stack.broker().caFile(),
                    "oxi-0701", "oxi-0701", STOLEN_PASSWORD)) {
                long written = device.publishOversized("telemed/v1/devices/oxi-0701/readings", size);
                assertThat(written < size || device.closedByBroker()).as("the broker cut off a publish of %d bytes", size).isTrue();
            }
            assertThat(gateway.get("/ready")).isEqualTo(200);
            anotherPatientsReadingIsStored();
        }
        stack.broker().restart();
        Await.until("gateway ready after the broker restart", WAIT, () -> gateway.get("/ready") == 200);
        anotherPatientsReadingIsStored();
        assertThat(gateway.isAlive()).isTrue();
        assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
        assertThat(stack.broker().dir().resolve("data/mosquitto.db")).satisfies(db ->
                assertThat(Files.size(db)).as("the broker's database").isLessThan(1_000_000L));
    }

    /** A msgId with a line break would start a line of its own in the gateway's log. */
    @Test
    @Order(4)
    void aMsgIdCannotForgeALogLine() {
        String forged = "2026-01-01T00:00:00.000+00:00 ERROR [main] Gateway - FORGED by oxi-0701";
        try (MqttTestClient device = MqttTestClient.connect(stack.broker().tlsUrl(), "oxi-0701", "oxi-0701", STOLEN_PASSWORD,
                stack.broker().caFile())) {
            device.publish("telemed/v1/devices/oxi-0701/readings", """
                    {"msgId": "m-1\\n%s\\r\\u2028x", "ts": "%s", "type": "spo2", "value": 140, "unit": "%%"}"""
                    .formatted(forged, Instant.now().minus(5, ChronoUnit.MINUTES)));
        }
        Await.until("the out-of-range reading is rejected", WAIT,
                () -> gateway.metric("telemed_readings_rejected_total", "code", "out_of_range") >= 1);
        String log = gateway.log();
        assertThat(log.lines()).noneMatch(l -> l.startsWith(forged));
        assertThat(log).contains("msgId m-1\\n" + forged + "\\r\\u2028x");
    }

    /**
     * The gateway's own account on a second connection with the gateway's client id (a second
     * gateway with the same mqtt.clientId, or a stolen gateway password): Mosquitto 2.0.11 closes
     * the older connection without a reason code, the other side comes back within a second,
     * and so on. The gateway says so as an error, counts it, and waits longer each round
     * instead of taking the session back every second; once the other side is gone it is back.
     */
    @Test
    @Order(5)
    void aSecondConnectionWithTheGatewaysIdAndAccountMakesItBackOffNotFight() {
        try (MqttTestClient rival = MqttTestClient.connect(stack.broker().url(), GATEWAY_ID, BrokerSecurity.GATEWAY_USER,
                SECRET, null)) {
            Await.until("three takeovers in a row", WAIT, () -> gateway.log().contains("(3 in a row;"));
        }
        List<Long> waits = new ArrayList<>();
        Matcher m = Pattern.compile(GATEWAY_ID + ": the broker closed this session .*Reconnecting in (\\d+) s").matcher(gateway.log());
        while (m.find()) {
            waits.add(Long.parseLong(m.group(1)));
        }
        assertThat(waits).as("the waits grow").startsWith(2L, 4L, 8L);
        assertThat(gateway.log()).contains("ERROR").contains("another connection may be using this client id with the account 'gateway'");
        assertThat(gateway.metric("telemed_mqtt_session_takeovers_total", "session", "ingest", "evidence", "short_lived"))
                .isGreaterThanOrEqualTo(3);
        Await.until("gateway ready once the rival is gone", WAIT, () -> gateway.get("/ready") == 200);
        anotherPatientsReadingIsStored();
    }
}
