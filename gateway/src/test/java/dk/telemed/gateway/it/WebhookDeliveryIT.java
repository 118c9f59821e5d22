package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.gateway.alerts.AlertEventJson;
import dk.telemed.gateway.alerts.MqttAlertPublisher;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.TestUsers;
import dk.telemed.testsupport.InfluxServer;
import dk.telemed.testsupport.MosquittoServer;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert hooks on real parts: the packaged gateway as a process, a real Mosquitto, and real
 * HTTP receivers on loopback. Alert events are published to the alert topic exactly as the
 * gateway's own publisher does, and must reach every webhook signed, in order, at least once,
 * through receiver outages and a gateway killed with deliveries pending.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class WebhookDeliveryIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String DB = "telemed";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AlertEventJson EVENTS = new AlertEventJson();
    static final String MAIN_KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String MAIN_OLD_SECRET = "old-plain-secret-of-main";
    static final String OTHER_SECRET = "other-receivers-secret";
    static final String REGISTRY = """
            patients:
              - id: p-0001
                careTeam: nord-akut
                conditions: [copd]
                devices: [oxi-0001]
              - id: p-0002
                careTeam: syd
                conditions: [diabetes]
                devices: [gluco-0002]
            """;

    static Path dir;
    static MosquittoServer broker;
    static InfluxServer influx;
    static GatewayProcess gateway;
    /** /api/webhooks needs a session like all of /api/; the operator here is an admin. */
    static final TestUsers USERS = new TestUsers().add("ops", "admin");
    static Path usersFile;
    static ApiClient ops;
    static Map<String, String> env;
    static Path config;
    static MqttTestClient publisher;
    /** The webhook "default", set by TELEMED_WEBHOOK_URL/TELEMED_WEBHOOK_SECRET, with two secrets (rotation). */
    static WebhookReceiver main;
    static WebhookReceiver other;
    static WebhookReceiver gone;
    static WebhookReceiver bad;
    static WebhookReceiver night;
    /** Answers, but only after a delay while a test makes it slow; its requests time out after 1 s. */
    static WebhookReceiver slow;

    @BeforeAll
    static void startEverything() throws Exception {
        dir = Path.of("target/it/WebhookDeliveryIT");
        broker = MosquittoServer.start(dir);
        influx = InfluxServer.start(dir);
        main = WebhookReceiver.start("main");
        other = WebhookReceiver.start("other");
        gone = WebhookReceiver.start("gone").answer(410);
        bad = WebhookReceiver.start("bad").answer(400);
        night = WebhookReceiver.start("night");
        slow = WebhookReceiver.start("slow");
        Path registry = Files.writeString(Files.createDirectories(dir).resolve("patients.yaml"), REGISTRY).toAbsolutePath();
        usersFile = USERS.write(dir);
        config = Files.writeString(dir.resolve("gateway.yaml"), """
                webhooks:
                  - name: other
                    url: %s
                    secrets: [%s]
                    timeoutMs: 3000
                  - name: gone
                    url: %s
                    secrets: [whsec_Z29uZS1yZWNlaXZlcnMta2V5LTI0Ynl0ZXM=]
                  - name: bad
                    url: %s
                    secrets: [whsec_YmFkLXJlY2VpdmVycy1rZXktMjQtYnl0ZXM=]
                  - name: night
                    url: %s
                    secrets: [whsec_bmlnaHQtcmVjZWl2ZXJzLWtleS0yNGJ5dGVz]
                    careTeams: [nord-akut]
                    minSeverity: red
                  - name: slow
                    url: %s
                    secrets: [slow-receivers-secret]
                    timeoutMs: 1000
                """.formatted(other.url(), OTHER_SECRET, gone.url(), bad.url(), night.url(), slow.url())).toAbsolutePath();
        env = new LinkedHashMap<>();
        env.put("TELEMED_MQTT_URL", broker.url());
        env.put("TELEMED_MQTT_CLIENT_ID", "webhook-it");
        env.put("TELEMED_INFLUX_URL", influx.url());
        env.put("TELEMED_INFLUX_DB", DB);
        env.put("TELEMED_REGISTRY", registry.toString());
        env.put("TELEMED_WEBHOOK_URL", main.url());
        env.put("TELEMED_WEBHOOK_SECRET", MAIN_KEY + " " + MAIN_OLD_SECRET);
        // Short backoffs so outages of seconds exercise the same code as outages of hours.
        env.put("TELEMED_WEBHOOK_DELIVERY_INITIAL_BACKOFF_MS", "100");
        env.put("TELEMED_WEBHOOK_DELIVERY_MAX_BACKOFF_MS", "1000");
        env.put("TELEMED_WEBHOOK_DELIVERY_CIRCUIT_FAILURES", "3");
        env.put("TELEMED_WEBHOOK_DELIVERY_CIRCUIT_COOL_DOWN_MS", "1000");
        // A broker session down for 5 s gets a fresh client (the watchdog of MqttConnection).
        env.put("TELEMED_MQTT_MAX_RECONNECT_DELAY_SECONDS", "2");
        startGateway();
        publisher = MqttTestClient.connect(broker.url(), "webhook-it-rules");
    }

    static void startGateway() {
        gateway = GatewayProcess.builder(dir).env(env).users(usersFile).config(config).start();
        // Each start signs in anew (the sign-in of an earlier start would also still hold).
        ops = new ApiClient(gateway.url()).signIn("ops", USERS.password("ops"));
        Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);
        Await.until("every webhook's broker session subscribed", WAIT, () -> {
            return webhooks().path("receivers").size() == 6 && allSessionsConnected();
        });
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[]{publisher, gateway, main, other, gone, bad, night, slow, influx, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    /** Each test starts with every receiver's queue empty, whatever the test before left in flight. */
    @AfterEach
    void receiversBackDrainedAndNothingDropped() {
        if (!main.isRunning()) {
            main.start();
        }
        slow.delay(Duration.ZERO);
        Await.until("every receiver's queue drained", WAIT, () -> {
            for (JsonNode r : webhooks().path("receivers")) {
                if (r.path("queueDepth").asInt() != 0) {
                    return false;
                }
            }
            return true;
        });
        assertThat(broker.droppedMessages()).as("the broker dropped queued messages").isFalse();
    }

    // --- helpers -------------------------------------------------------------------------

    static AlertEvent event(String eventId, String alertId, AlertEventType type, String careTeam, String patient, Severity severity) {
        return new AlertEvent(eventId, alertId, type, patient, careTeam, "spo2", severity, OptionalDouble.of(84), "%",
                "spo2." + severity.wireName() + ".below", OptionalDouble.of(85), Optional.of(Instant.now().minusSeconds(2)),
                Instant.now(), "SpO2 84 % is below 85 %", Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** Publishes as the gateway's MqttAlertPublisher does: the one JSON form, QoS 1, the care team's topic. */
    static byte[] publish(AlertEvent e) {
        byte[] body = EVENTS.write(e);
        publisher.publish(MqttAlertPublisher.topic(e.careTeam(), e.patient()), body);
        return body;
    }

    static AlertEvent nord(String eventId, String alertId, AlertEventType type, Severity severity) {
        return event(eventId, alertId, type, "nord-akut", "p-0001", severity);
    }

    static JsonNode webhooks() {
        try {
            return JSON.readTree(ops.get("/api/webhooks").body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode receiver(String name) {
        for (JsonNode r : webhooks().path("receivers")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no receiver " + name + " in /api/webhooks");
    }

    static List<String> firstArrivals(WebhookReceiver receiver, List<String> ids) {
        return receiver.distinctIds().stream().filter(ids::contains).collect(Collectors.toList());
    }

    static void awaitAll(WebhookReceiver receiver, List<String> ids) {
        Await.until(receiver + " received " + ids, WAIT, () -> firstArrivals(receiver, ids).size() == ids.size());
    }

    static String hmac(byte[] key, String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    // --- tests -----------------------------------------------------------------------------

    @Test
    void everyRequestIsSignedWithEverySecretAndCarriesTheExactBody() throws Exception {
        AlertEvent e = nord("sig-e1", "sig-a1", AlertEventType.RAISED, Severity.RED);
        byte[] body = publish(e);
        awaitAll(main, List.of("sig-e1"));
        awaitAll(other, List.of("sig-e1"));

        WebhookReceiver.Request r = main.requests(q -> "sig-e1".equals(q.id())).get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.body()).isEqualTo(body);
        JsonNode sent = JSON.readTree(r.body());
        assertThat(sent.path("eventId").asText()).isEqualTo("sig-e1");
        assertThat(sent.path("event").asText()).isEqualTo("raised");
        assertThat(sent.path("careTeam").asText()).isEqualTo("nord-akut");
        long timestamp = Long.parseLong(r.header("webhook-timestamp"));
        assertThat(Math.abs(timestamp - Instant.now().getEpochSecond())).isLessThan(300);
        String[] signatures = r.header("webhook-signature").split(" ");
        assertThat(signatures).containsExactly(
                hmac(Base64.getDecoder().decode(MAIN_KEY.substring("whsec_".length())), "sig-e1", r.header("webhook-timestamp"), body),
                hmac(MAIN_OLD_SECRET.getBytes(StandardCharsets.UTF_8), "sig-e1", r.header("webhook-timestamp"), body));

        WebhookReceiver.Request o = other.requests(q -> "sig-e1".equals(q.id())).get(0);
        assertThat(o.header("webhook-signature"))
                .isEqualTo(hmac(OTHER_SECRET.getBytes(StandardCharsets.UTF_8), "sig-e1", o.header("webhook-timestamp"), o.body()));
        assertThat(gateway.metric("telemed_webhook_deliveries_total", "outcome", "delivered")).isGreaterThanOrEqualTo(2);
        assertThat(gateway.metric("telemed_webhook_delivery_latency_seconds_count")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReceiverDownForAWhileGetsEveryEventInOrderOnceBack() throws Exception {
        main.stop();
        List<AlertEvent> events = List.of(
                nord("out-x1", "out-x", AlertEventType.RAISED, Severity.YELLOW),
                event("out-y1", "out-y", AlertEventType.RAISED, "syd", "p-0002", Severity.RED),
                nord("out-x2", "out-x", AlertEventType.ESCALATED, Severity.RED),
                nord("out-x3", "out-x", AlertEventType.ACKNOWLEDGED, Severity.RED),
                event("out-y2", "out-y", AlertEventType.RESOLVED, "syd", "p-0002", Severity.RED),
                nord("out-x4", "out-x", AlertEventType.RESOLVED, Severity.RED));
        events.forEach(WebhookDeliveryIT::publish);
        List<String> ids = events.stream().map(AlertEvent::eventId).toList();

        Await.until("the gateway holds all six for the receiver that is down", WAIT,
                () -> receiver("default").path("queueDepth").asInt() >= 6);
        Await.until("the receiver's circuit opens", WAIT, () -> receiver("default").path("circuit").asText().equals("open"));
        JsonNode state = receiver("default");
        assertThat(state.path("pending").path("eventId").asText()).isEqualTo("out-x1");
        assertThat(state.path("lastError").path("reason").asText()).contains("cannot connect");
        assertThat(gateway.metric("telemed_webhook_queue_depth", "receiver", "default")).isGreaterThanOrEqualTo(6);
        assertThat(gateway.metric("telemed_webhook_deliveries_total", "outcome", "retrying")).isGreaterThanOrEqualTo(3);
        awaitAll(other, ids);

        main.start();
        awaitAll(main, ids);
        assertThat(firstArrivals(main, ids)).containsExactlyElementsOf(ids);
        for (String alert : List.of("out-x", "out-y")) {
            List<String> ofAlert = events.stream().filter(e -> e.alertId().equals(alert)).map(AlertEvent::eventId).toList();
            assertThat(firstArrivals(main, ofAlert)).as("events of %s in order", alert).containsExactlyElementsOf(ofAlert);
        }
        Await.until("nothing left pending", WAIT, () -> receiver("default").path("queueDepth").asInt() == 0);
        assertThat(receiver("default").path("circuit").asText()).isEqualTo("closed");
    }

    @Test
    void aGatewayKilledWithDeliveriesPendingDeliversThemAfterRestart() {
        main.stop();
        List<AlertEvent> before = List.of(
                nord("kill-1", "kill-a", AlertEventType.RAISED, Severity.RED),
                nord("kill-2", "kill-a", AlertEventType.ACKNOWLEDGED, Severity.RED),
                nord("kill-3", "kill-b", AlertEventType.RAISED, Severity.YELLOW));
        before.forEach(WebhookDeliveryIT::publish);
        Await.until("the gateway holds them, unacknowledged", WAIT, () -> receiver("default").path("queueDepth").asInt() >= 3);
        Await.until("and has tried the first", WAIT,
                () -> receiver("default").path("pending").path("eventId").asText().equals("kill-1"));

        gateway.kill();
        // Raised while the gateway is dead: the broker queues them in the webhook's session.
        List<AlertEvent> during = List.of(
                nord("kill-4", "kill-a", AlertEventType.RESOLVED, Severity.RED),
                nord("kill-5", "kill-b", AlertEventType.RESOLVED, Severity.YELLOW));
        during.forEach(WebhookDeliveryIT::publish);
        main.start();
        startGateway();

        List<String> ids = List.of("kill-1", "kill-2", "kill-3", "kill-4", "kill-5");
        awaitAll(main, ids);
        assertThat(firstArrivals(main, ids)).containsExactlyElementsOf(ids);
        awaitAll(other, ids);
        assertThat(firstArrivals(other, ids)).containsExactlyElementsOf(ids);
    }

    static boolean allSessionsConnected() {
        for (JsonNode r : webhooks().path("receivers")) {
            if (!r.path("connected").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void eventsPendingForADownReceiverSurviveABrokerOutageAndEverySessionComesBack() {
        main.stop();
        List<AlertEvent> before = List.of(
                nord("brk-1", "brk-a", AlertEventType.RAISED, Severity.RED),
                nord("brk-2", "brk-a", AlertEventType.ESCALATED, Severity.RED),
                nord("brk-3", "brk-a", AlertEventType.ACKNOWLEDGED, Severity.RED));
        before.forEach(WebhookDeliveryIT::publish);
        Await.until("the gateway holds them, unacknowledged", WAIT, () -> receiver("default").path("queueDepth").asInt() >= 3);
        // Closed before the outage: its own reconnect could otherwise take over the client id of its replacement.
        publisher.close();

        broker.stop();
        Await.until("the webhooks' sessions get fresh clients while the broker is away", WAIT,
                () -> gateway.log().contains("no broker session for over 5 s; replacing the MQTT client"));
        broker.start();
        Await.until("every webhook's session back", WAIT, WebhookDeliveryIT::allSessionsConnected);
        Await.until("ingest back", WAIT, () -> gateway.get("/ready") == 200);
        publisher = MqttTestClient.connect(broker.url(), "webhook-it-rules");
        publish(nord("brk-4", "brk-a", AlertEventType.RESOLVED, Severity.RED));
        main.start();

        List<String> ids = List.of("brk-1", "brk-2", "brk-3", "brk-4");
        awaitAll(main, ids);
        assertThat(firstArrivals(main, ids)).containsExactlyElementsOf(ids);
        awaitAll(other, ids);
        assertThat(firstArrivals(other, ids)).containsExactlyElementsOf(ids);
        assertThat(gateway.log()).contains("webhook-it-hook-default subscribed to");
    }

    @Test
    void aReceiverThatRefusesGetsEachEventOnceAndTheFailuresAreVisible() throws Exception {
        double failedBefore = gateway.metric("telemed_webhook_deliveries_total", "outcome", "failed");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            AlertEvent e = event("refused-" + i, "refused-a" + i, AlertEventType.RAISED, "syd", "p-0002", Severity.YELLOW);
            publish(e);
            ids.add(e.eventId());
        }
        // One event at a time: once the last has arrived, the first two were finished, so a
        // count of one each means they were not retried.
        awaitAll(gone, ids);
        awaitAll(bad, ids);
        for (String id : ids.subList(0, 2)) {
            assertThat(gone.count(id)).as("410 receiver got %s", id).isEqualTo(1);
            assertThat(bad.count(id)).as("400 receiver got %s", id).isEqualTo(1);
        }
        Await.until("the refusals listed in /api/webhooks", WAIT, () -> failures("gone").contains("refused-3")
                && failures("bad").contains("refused-3"));
        JsonNode goneState = receiver("gone");
        JsonNode failure = null;
        for (JsonNode f : goneState.path("recentFailures")) {
            if (f.path("eventId").asText().equals("refused-1")) {
                failure = f;
            }
        }
        assertThat(failure).isNotNull();
        assertThat(failure.path("status").asInt()).isEqualTo(410);
        assertThat(failure.path("alertId").asText()).isEqualTo("refused-a1");
        assertThat(failure.path("reason").asText()).contains("410");
        assertThat(receiver("bad").path("recentFailures").toString()).contains("\"status\":400");
        assertThat(gateway.metric("telemed_webhook_deliveries_total", "outcome", "failed")).isGreaterThanOrEqualTo(failedBefore + 6);

        String api = ops.get("/api/webhooks").body();
        assertThat(api).doesNotContain("p-0002").doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .doesNotContain(MAIN_OLD_SECRET).doesNotContain(OTHER_SECRET).doesNotContain("Z29uZS1y");
        assertThat(gateway.log()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").doesNotContain(OTHER_SECRET);
    }

    static String failures(String name) {
        return receiver(name).path("recentFailures").toString();
    }

    @Test
    void aReceiverLimitedToOneCareTeamsRedAlertsGetsOnlyThose() {
        List<AlertEvent> events = List.of(
                nord("route-1", "route-a", AlertEventType.RAISED, Severity.RED),
                nord("route-2", "route-b", AlertEventType.RAISED, Severity.YELLOW),
                event("route-3", "route-c", AlertEventType.RAISED, "syd", "p-0002", Severity.RED),
                nord("route-4", "route-d", AlertEventType.RAISED, Severity.BLUE),
                nord("route-5", "route-a", AlertEventType.RESOLVED, Severity.RED));
        events.forEach(WebhookDeliveryIT::publish);
        List<String> ids = events.stream().map(AlertEvent::eventId).toList();
        awaitAll(night, List.of("route-5"));
        assertThat(firstArrivals(night, ids)).containsExactly("route-1", "route-5");
        awaitAll(other, ids);
    }

    @Test
    void aReceiverThatIsDownOrSlowDelaysNeitherTheOthersNorIngest() {
        main.stop();
        slow.delay(Duration.ofSeconds(20));
        List<AlertEvent> events = List.of(
                nord("iso-1", "iso-a", AlertEventType.RAISED, Severity.RED),
                nord("iso-2", "iso-a", AlertEventType.ESCALATED, Severity.RED),
                nord("iso-3", "iso-a", AlertEventType.RESOLVED, Severity.RED));
        events.forEach(WebhookDeliveryIT::publish);
        List<String> ids = events.stream().map(AlertEvent::eventId).toList();
        long ts = System.currentTimeMillis() - 1000;
        publisher.publish("telemed/v1/devices/oxi-0001/readings",
                "{\"msgId\": \"iso-r1\", \"ts\": %d, \"type\": \"pulse\", \"value\": 71, \"unit\": \"/min\"}".formatted(ts));

        awaitAll(other, ids);
        awaitAll(night, ids);
        Await.until("the reading stored", WAIT,
                () -> influx.count(DB, "SELECT count(value) FROM readings WHERE time = " + ts + "ms") == 1);
        assertThat(main.isRunning()).isFalse();
        assertThat(firstArrivals(main, ids)).isEmpty();
        assertThat(receiver("default").path("queueDepth").asInt()).isGreaterThanOrEqualTo(1);
        Await.until("the slow receiver's attempts time out", WAIT,
                () -> receiver("slow").path("lastError").path("reason").asText().startsWith("timed out"));
        assertThat(slow.count("iso-2")).isZero();

        main.start();
        slow.delay(Duration.ZERO);
        awaitAll(main, ids);
        assertThat(firstArrivals(main, ids)).containsExactlyElementsOf(ids);
        awaitAll(slow, ids);
        assertThat(firstArrivals(slow, ids)).containsExactlyElementsOf(ids);
    }
}
