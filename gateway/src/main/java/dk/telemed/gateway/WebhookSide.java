package dk.telemed.gateway;

import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.config.MqttConfig;
import dk.telemed.gateway.config.WebhookConfig;
import dk.telemed.gateway.config.WebhookDeliveryConfig;
import dk.telemed.gateway.leadership.Fence;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.Held;
import dk.telemed.gateway.mqtt.MqttConnection;
import dk.telemed.gateway.mqtt.Route;
import dk.telemed.gateway.mqtt.TakeoverGuard;
import dk.telemed.gateway.webhooks.Attempt;
import dk.telemed.gateway.webhooks.CircuitBreaker;
import dk.telemed.gateway.webhooks.DeliveryStatus;
import dk.telemed.gateway.webhooks.ReceiverDispatcher;
import dk.telemed.gateway.webhooks.ReceiverFilter;
import dk.telemed.gateway.webhooks.ReceiverStatus;
import dk.telemed.gateway.webhooks.RetryPolicy;
import dk.telemed.gateway.webhooks.Sender;
import dk.telemed.gateway.webhooks.WebhookClient;
import dk.telemed.gateway.webhooks.WebhookSigner;
import dk.telemed.gateway.webhooks.Webhooks;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Assembles the alert hooks, part of the composition root: for each configured webhook its own
 * persistent broker session on the alert topics (client id {@code {mqtt.clientId}-hook-{name}}),
 * so the broker keeps a durable queue per receiver, and a dispatcher that posts the events to
 * it. Nothing connects until {@link Webhooks#start} is called.
 */
final class WebhookSide {
    private WebhookSide() {
    }

    /** @param fence checked before each session connects or acknowledges and before each post: only the active gateway delivers */
    static Webhooks build(Vertx vertx, Context context, GatewayConfig config, GatewayMetrics metrics, Clock clock, Fence fence) {
        WebhookDeliveryConfig delivery = config.webhookDelivery();
        // Each receiver's session: the gateway's broker settings, with the webhooks' Receive Maximum.
        MqttConfig session = config.mqtt().ownSession(delivery.receiveMaximum());
        List<Webhooks.Receiver> receivers = new ArrayList<>();
        List<ReceiverStatus> statuses = new ArrayList<>();
        for (WebhookConfig webhook : config.webhooks()) {
            ReceiverStatus status = new ReceiverStatus(webhook, delivery.recentFailures(), clock);
            receivers.add(receiver(vertx, context, config, session, webhook, status, metrics, clock, fence));
            statuses.add(status);
        }
        return new Webhooks(vertx, receivers, new DeliveryStatus(statuses));
    }

    private static Webhooks.Receiver receiver(Vertx vertx, Context context, GatewayConfig config, MqttConfig session,
                                              WebhookConfig webhook, ReceiverStatus status, GatewayMetrics metrics, Clock clock,
                                              Fence fence) {
        WebhookDeliveryConfig delivery = config.webhookDelivery();
        String clientId = config.mqtt().clientId() + "-hook-" + webhook.name();
        ReceiverFilter filter = ReceiverFilter.of(webhook);
        MqttConnection connection = new MqttConnection(context, session, clientId, fence);
        AckSequencer acks = new AckSequencer(connection::acknowledge);
        WebhookClient client = new WebhookClient(vertx, webhook, WebhookSigner.of(webhook.secrets()), clock);
        ReceiverDispatcher dispatcher = new ReceiverDispatcher(webhook.name(), context, acks, fenced(client, fence), filter,
                RetryPolicy.of(delivery, new SplittableRandom()),
                new CircuitBreaker(delivery.circuitFailures(), Duration.ofMillis(delivery.circuitCoolDownMs())),
                status, metrics, clock);
        List<Route> routes = filter.subscriptions().stream()
                .map(f -> Route.onEventLoop(f, 1, filter::matchesTopic, dispatcher::onMessage)).toList();
        connection.receive(routes, dispatcher::onConnected, Held.NONE);
        status.observe(connection::isReady, acks::unacknowledged);
        metrics.webhookQueueDepth(webhook.name(), acks::unacknowledged);
        for (TakeoverGuard.Evidence evidence : TakeoverGuard.Evidence.values()) {
            metrics.sessionTakeovers("webhook:" + webhook.name(), evidence.tag(), connection,
                    c -> c.sessionsTakenOver(evidence));
        }
        return new Webhooks.Receiver(webhook.name(), clientId, connection, dispatcher, client);
    }

    /** Posts only while this gateway may act; otherwise the attempt fails without a request, and the event stays unacknowledged for the active one. */
    private static Sender fenced(Sender sender, Fence fence) {
        return (eventId, body) -> fence.mayAct() ? sender.post(eventId, body)
                : Future.succeededFuture(new Attempt.Failed(0, "not posted: this gateway is not the active one", Optional.empty()));
    }
}
