package dk.telemed.gateway.webhooks;

import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.config.MqttConfig;
import dk.telemed.gateway.config.WebhookConfig;
import dk.telemed.gateway.config.WebhookDeliveryConfig;
import dk.telemed.gateway.leadership.Fence;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.MqttConnection;
import dk.telemed.gateway.mqtt.Route;
import dk.telemed.gateway.mqtt.TakeoverGuard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The alert hooks: for each configured webhook, its own persistent broker session on the alert
 * topics (client id {@code {mqtt.clientId}-hook-{name}}), so the broker keeps a durable queue
 * per receiver, and a dispatcher that posts the events to it. Assembles the parts of one
 * receiver; the gateway's composition root assembles this.
 */
public final class Webhooks {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    private final Vertx vertx;
    private final List<Receiver> receivers;
    private final DeliveryStatus status;

    private record Receiver(String name, String clientId, MqttConnection connection, ReceiverDispatcher dispatcher, WebhookClient client) {
    }

    private Webhooks(Vertx vertx, List<Receiver> receivers, DeliveryStatus status) {
        this.vertx = vertx;
        this.receivers = List.copyOf(receivers);
        this.status = status;
    }

    /** @param fence checked before each session connects or acknowledges and before each post: only the active gateway delivers */
    public static Webhooks create(Vertx vertx, Context context, GatewayConfig config, GatewayMetrics metrics, Clock clock,
                                  Fence fence) {
        WebhookDeliveryConfig delivery = config.webhookDelivery();
        MqttConfig session = sessionConfig(config.mqtt(), delivery);
        List<Receiver> receivers = new ArrayList<>();
        List<ReceiverStatus> statuses = new ArrayList<>();
        for (WebhookConfig webhook : config.webhooks()) {
            ReceiverStatus receiverStatus = new ReceiverStatus(webhook, delivery.recentFailures(), clock);
            ReceiverFilter filter = ReceiverFilter.of(webhook);
            MqttConnection connection = new MqttConnection(context, session, clientId(config.mqtt(), webhook), fence);
            AckSequencer acks = new AckSequencer(connection::acknowledge);
            WebhookClient client = new WebhookClient(vertx, webhook, WebhookSigner.of(webhook.secrets()), clock);
            ReceiverDispatcher dispatcher = new ReceiverDispatcher(webhook.name(), context, acks, fenced(client, fence), filter,
                    RetryPolicy.of(delivery, new SplittableRandom()),
                    new CircuitBreaker(delivery.circuitFailures(), Duration.ofMillis(delivery.circuitCoolDownMs())),
                    receiverStatus, metrics, clock);
            List<Route> routes = filter.subscriptions().stream()
                    .map(f -> new Route(f, 1, filter::matchesTopic, dispatcher::onMessage)).toList();
            connection.receive(routes, dispatcher::onConnected, () -> 0);
            receiverStatus.observe(connection::isReady, acks::unacknowledged);
            metrics.webhookQueueDepth(webhook.name(), acks::unacknowledged);
            for (TakeoverGuard.Evidence evidence : TakeoverGuard.Evidence.values()) {
                metrics.sessionTakeovers("webhook:" + webhook.name(), evidence.tag(), connection,
                        c -> c.sessionsTakenOver(evidence));
            }
            receivers.add(new Receiver(webhook.name(), clientId(config.mqtt(), webhook), connection, dispatcher, client));
            statuses.add(receiverStatus);
        }
        return new Webhooks(vertx, receivers, new DeliveryStatus(statuses));
    }

    /** The broker session of a webhook: the gateway's broker settings, with the webhooks' Receive Maximum. */
    /** Posts only while this gateway may act; otherwise the attempt fails without a request, and the event stays unacknowledged for the active one. */
    private static Sender fenced(Sender sender, Fence fence) {
        return (eventId, body) -> fence.mayAct() ? sender.post(eventId, body)
                : Future.succeededFuture(new Attempt.Failed(0, "not posted: this gateway is not the active one", Optional.empty()));
    }

    static MqttConfig sessionConfig(MqttConfig mqtt, WebhookDeliveryConfig delivery) {
        return mqtt.ownSession(delivery.receiveMaximum());
    }

    public static String clientId(MqttConfig mqtt, WebhookConfig webhook) {
        return mqtt.clientId() + "-hook-" + webhook.name();
    }

    /**
     * Connects every receiver's session. Completes once each has its subscriptions (from then
     * on the broker queues every alert event for it, even while the gateway is down), or after
     * {@code maxWait} when the broker is not there yet: the sessions keep connecting meanwhile.
     * Start ingest after this, so that the first alerts of a new webhook are not published
     * before its queue exists.
     */
    public Future<Void> start(Duration maxWait) throws MqttException {
        for (Receiver r : receivers) {
            r.connection().start();
            LOG.info("webhook {}: delivering alert events from broker session {}", r.name(), r.clientId());
        }
        if (receivers.isEmpty()) {
            return Future.succeededFuture();
        }
        Promise<Void> subscribed = Promise.promise();
        long deadline = System.nanoTime() + maxWait.toNanos();
        vertx.setPeriodic(50, id -> {
            if (receivers.stream().allMatch(r -> r.connection().isReady())) {
                vertx.cancelTimer(id);
                subscribed.tryComplete();
            } else if (System.nanoTime() - deadline > 0) {
                vertx.cancelTimer(id);
                LOG.warn("not every webhook's broker session is subscribed yet; starting ingest anyway"
                        + " (a webhook that never had a session may miss the alerts raised until it has)");
                subscribed.tryComplete();
            }
        });
        return subscribed.future();
    }

    public DeliveryStatus status() {
        return status;
    }

    public Future<Void> stop() {
        receivers.forEach(r -> r.dispatcher().stop());
        return Future.join(receivers.stream().map(r -> r.connection().stop()
                .eventually(() -> r.client().close())).toList()).mapEmpty();
    }
}
