package dk.telemed.gateway.webhooks;

import dk.telemed.gateway.alerts.AlertEventJson;
import dk.telemed.gateway.config.WebhookConfig;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.InboundMessage;
import dk.telemed.testsupport.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher on a real event loop, with a scripted receiver and the acks recorded. */
class ReceiverDispatcherTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    final AlertEventJson json = new AlertEventJson();
    final List<Integer> acked = new CopyOnWriteArrayList<>();
    final List<String> sent = new CopyOnWriteArrayList<>();
    final Map<String, Queue<Attempt>> script = new ConcurrentHashMap<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Vertx vertx;
    Context context;
    ReceiverStatus status;
    ReceiverDispatcher dispatcher;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        dispatcher = dispatcher(Set.of(), Severity.BLUE, Duration.ofHours(72));
        context.runOnContext(v -> dispatcher.onConnected(1));
    }

    ReceiverDispatcher dispatcher(Set<String> teams, Severity min, Duration giveUpAfter) {
        return dispatcher(teams, min, giveUpAfter, Duration.ofMillis(100));
    }

    ReceiverDispatcher dispatcher(Set<String> teams, Severity min, Duration giveUpAfter, Duration maxRetryAfter) {
        WebhookConfig config = new WebhookConfig("main", "http://127.0.0.1:1/hook?token=x", List.of("s"), List.copyOf(teams),
                min.wireName(), 1000, 1000);
        status = new ReceiverStatus(config, 10, Clock.systemUTC());
        AckSequencer acks = new AckSequencer(m -> acked.add(m.packetId()));
        Sender sender = (eventId, body) -> {
            sent.add(eventId);
            Queue<Attempt> answers = script.get(eventId);
            Attempt answer = answers == null || answers.isEmpty() ? new Attempt.Delivered(200) : answers.poll();
            return Future.succeededFuture(answer);
        };
        return new ReceiverDispatcher("main", context, acks, sender, new ReceiverFilter(teams, min),
                new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(40), maxRetryAfter, giveUpAfter, new SplittableRandom(1)),
                new CircuitBreaker(3, Duration.ofMillis(200)), status, new GatewayMetrics(meters), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        vertx.close();
    }

    AlertEvent event(String eventId, String alertId, Severity severity, Instant at) {
        return new AlertEvent(eventId, alertId, AlertEventType.RAISED, "p-0001", "nord-akut", "spo2", severity,
                OptionalDouble.of(84), "%", "spo2.red.below", OptionalDouble.of(85), Optional.empty(), at, "low",
                Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    void receive(int packetId, long connection, AlertEvent event) {
        InboundMessage m = new InboundMessage("telemed/v1/alerts/nord-akut/p-0001", json.write(event), packetId, 1, connection, System.nanoTime());
        context.runOnContext(v -> dispatcher.onMessage(m));
    }

    void receive(int packetId, AlertEvent event) {
        receive(packetId, 1, event);
    }

    void script(String eventId, Attempt... answers) {
        script.put(eventId, new ArrayDeque<>(List.of(answers)));
    }

    double counted(String outcome) {
        return meters.get("telemed.webhook.deliveries").tag("outcome", outcome).counter().count();
    }

    static Attempt unavailable() {
        return new Attempt.Failed(503, "answered 503", Optional.empty());
    }

    @Test
    void deliversInOrderAndAcknowledgesEachAfterItsAnswer() {
        for (int i = 1; i <= 3; i++) {
            receive(i, event("e-" + i, "a-1", Severity.RED, Instant.now()));
        }
        Await.until("three acks", WAIT, () -> acked.size() == 3);
        assertThat(sent).containsExactly("e-1", "e-2", "e-3");
        assertThat(acked).containsExactly(1, 2, 3);
        assertThat(counted("delivered")).isEqualTo(3);
        assertThat(meters.get("telemed.webhook.delivery.latency").timer().count()).isEqualTo(3);
    }

    @Test
    void aFailingEventIsRetriedBeforeTheNextOneAndAckedOnlyAfterA2xx() {
        script("e-1", unavailable(), new Attempt.Failed(0, "cannot connect", Optional.empty()), new Attempt.Delivered(204));
        receive(1, event("e-1", "a-1", Severity.RED, Instant.now()));
        receive(2, event("e-2", "a-1", Severity.RED, Instant.now()));
        Await.until("both acked", WAIT, () -> acked.size() == 2);
        assertThat(sent).containsExactly("e-1", "e-1", "e-1", "e-2");
        assertThat(acked).containsExactly(1, 2);
        assertThat(counted("retrying")).isEqualTo(2);
        assertThat(counted("delivered")).isEqualTo(2);
        assertThat(status.toJson().getLong("retried")).isEqualTo(2);
    }

    @Test
    void aRefusedEventIsAcknowledgedCountedAndNotRetried() {
        script("e-1", new Attempt.Refused(410, "answered 410"));
        receive(1, event("e-1", "a-1", Severity.RED, Instant.now()));
        receive(2, event("e-2", "a-2", Severity.RED, Instant.now()));
        Await.until("both acked", WAIT, () -> acked.size() == 2);
        assertThat(sent).containsExactly("e-1", "e-2");
        assertThat(counted("failed")).isEqualTo(1);
        JsonObject failure = status.toJson().getJsonArray("recentFailures").getJsonObject(0);
        assertThat(failure.getString("eventId")).isEqualTo("e-1");
        assertThat(failure.getString("alertId")).isEqualTo("a-1");
        assertThat(failure.getInteger("status")).isEqualTo(410);
        assertThat(status.toJson().getString("url")).as("no path: it may be the receiver's secret").isEqualTo("http://127.0.0.1:1");
    }

    @Test
    void eventsBelowTheMinimumSeverityAreAcknowledgedWithoutDelivery() {
        dispatcher = dispatcher(Set.of("nord-akut"), Severity.RED, Duration.ofHours(72));
        context.runOnContext(v -> dispatcher.onConnected(1));
        receive(1, event("e-1", "a-1", Severity.YELLOW, Instant.now()));
        receive(2, event("e-2", "a-2", Severity.BLUE, Instant.now()));
        receive(3, event("e-3", "a-3", Severity.RED, Instant.now()));
        Await.until("all acked", WAIT, () -> acked.size() == 3);
        assertThat(sent).containsExactly("e-3");
    }

    @Test
    void afterAReconnectTheBrokersCopyIsDeliveredOnceAndACopyOfADeliveredEventIsNotSentAgain() {
        script("e-1", unavailable(), unavailable(), unavailable(), unavailable());
        receive(1, event("e-1", "a-1", Severity.RED, Instant.now()));
        Await.until("first attempt", WAIT, () -> !sent.isEmpty());
        context.runOnContext(v -> dispatcher.onConnected(2));
        script.get("e-1").clear();
        receive(7, 2, event("e-1", "a-1", Severity.RED, Instant.now()));
        Await.until("the copy acked", WAIT, () -> acked.contains(7));
        receive(8, 2, event("e-1", "a-1", Severity.RED, Instant.now()));
        Await.until("the second copy acked", WAIT, () -> acked.contains(8));
        assertThat(sent.stream().filter("e-1"::equals)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(counted("delivered")).isEqualTo(1);
        assertThat(acked).doesNotContain(1);
    }

    @Test
    void anEventPastItsDeadlineIsGivenUpCountedAndAcknowledged() {
        dispatcher = dispatcher(Set.of(), Severity.BLUE, Duration.ofMinutes(1));
        context.runOnContext(v -> dispatcher.onConnected(1));
        script("e-old", unavailable());
        receive(1, event("e-old", "a-1", Severity.RED, Instant.now().minus(Duration.ofMinutes(2))));
        receive(2, event("e-new", "a-2", Severity.RED, Instant.now()));
        Await.until("both acked", WAIT, () -> acked.size() == 2);
        assertThat(sent).containsExactly("e-old", "e-new");
        assertThat(counted("failed")).isEqualTo(1);
        assertThat(status.toJson().getJsonArray("recentFailures").getJsonObject(0).getString("reason")).startsWith("gave up after 1 attempts");
    }

    @Test
    void aReceiverThatKeepsFailingOpensTheCircuit() {
        script("e-1", unavailable(), unavailable(), unavailable(), unavailable(), new Attempt.Delivered(200));
        receive(1, event("e-1", "a-1", Severity.RED, Instant.now()));
        Await.until("circuit open", WAIT, () -> "open".equals(status.toJson().getString("circuit")));
        Await.until("delivered after the cool-down", WAIT, () -> acked.size() == 1);
        assertThat(status.toJson().getString("circuit")).isEqualTo("closed");
        assertThat(sent).hasSize(5);
    }

    @Test
    void aRetryAfterIsHonouredInTheSchedule() {
        // A cap of seconds keeps the scheduled retry visible long enough to be read, however loaded the machine.
        dispatcher = dispatcher(Set.of(), Severity.BLUE, Duration.ofHours(72), Duration.ofSeconds(5));
        context.runOnContext(v -> dispatcher.onConnected(1));
        script("e-1", new Attempt.Failed(429, "answered 429", Optional.of(Duration.ofSeconds(30))));
        receive(1, event("e-1", "a-1", Severity.RED, Instant.now()));
        AtomicReference<JsonObject> seen = new AtomicReference<>();
        Await.until("the retry scheduled", WAIT, () -> {
            JsonObject now = status.toJson();
            seen.set(now);
            return now.getJsonObject("pending") != null;
        });
        JsonObject state = seen.get();
        Instant failedAt = Instant.parse(state.getJsonObject("lastError").getString("at"));
        Instant next = Instant.parse(state.getJsonObject("pending").getString("nextAttemptAt"));
        // The policy's own backoff here is at most 40 ms; the receiver asked for 30 s (capped at 5 s by this policy).
        assertThat(Duration.between(failedAt, next)).isEqualTo(Duration.ofSeconds(5));
        assertThat(state.getJsonObject("lastError").getInteger("status")).isEqualTo(429);
    }

    @Test
    void aMessageThatIsNotAnEventIsAcknowledgedAndReported() {
        InboundMessage m = new InboundMessage("telemed/v1/alerts/nord-akut/p-0001", "{".getBytes(), 1, 1, 1, System.nanoTime());
        context.runOnContext(v -> dispatcher.onMessage(m));
        Await.until("acked", WAIT, () -> acked.size() == 1);
        assertThat(sent).isEmpty();
        assertThat(status.toJson().getLong("failed")).isEqualTo(1);
    }
}
