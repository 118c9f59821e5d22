package dk.telemed.gateway.webhooks;

import dk.telemed.gateway.mqtt.MqttConnection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * The alert hooks: for each configured webhook, its own persistent broker session on the alert
 * topics and a dispatcher that posts the events to the receiver. Built by the gateway's
 * composition root, which hands in each receiver's parts; this starts and stops them together.
 */
public final class Webhooks {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    private final Vertx vertx;
    private final List<Receiver> receivers;
    private final DeliveryStatus status;

    /** One receiver's parts: its broker session (client id {@code {mqtt.clientId}-hook-{name}}), the dispatcher on it, its HTTP client. */
    public record Receiver(String name, String clientId, MqttConnection connection, ReceiverDispatcher dispatcher, WebhookClient client) {
    }

    public Webhooks(Vertx vertx, List<Receiver> receivers, DeliveryStatus status) {
        this.vertx = vertx;
        this.receivers = List.copyOf(receivers);
        this.status = status;
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
