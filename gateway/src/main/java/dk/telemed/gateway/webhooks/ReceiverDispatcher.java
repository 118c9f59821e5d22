package dk.telemed.gateway.webhooks;

import dk.telemed.gateway.alerts.AlertEventJson;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.DeliveryOutcome;
import dk.telemed.gateway.model.LogText;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.InboundMessage;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Delivers one receiver's alert events, one at a time in the order the broker sent them (so
 * every alert's events arrive in order), each acknowledged to the broker only once the
 * receiver answered 2xx or refused it for good, or the event was given up. Until then the
 * broker keeps it, across a lost connection or a gateway that dies. The broker holds back
 * further events once Receive Maximum of them are unacknowledged, which bounds the queue here.
 *
 * <p>Runs on one event-loop context: messages, timers and answers all arrive there.
 */
public final class ReceiverDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiverDispatcher.class);
    /** Events finished lately, so a copy the broker sends again (a lost ack, overlapping subscriptions) is not sent twice. */
    private static final int REMEMBERED = 10_000;

    private final String name;
    private final Context context;
    private final AckSequencer acks;
    private final Sender sender;
    private final ReceiverFilter filter;
    private final RetryPolicy policy;
    private final CircuitBreaker breaker;
    private final ReceiverStatus status;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final AlertEventJson json = new AlertEventJson();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Set<String> finished = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });
    private long connection = -1;
    private Pending current;
    private Retry retry;
    private long timer = -1;
    private boolean stopped;

    private record Pending(InboundMessage message, AckSequencer.Ticket ticket) {
    }

    /** The failed attempts of the event being delivered; kept by event id across a reconnect. */
    private static final class Retry {
        private final String eventId;
        private int failures;
        private Instant notBefore;

        private Retry(String eventId) {
            this.eventId = eventId;
        }
    }

    public ReceiverDispatcher(String name, Context context, AckSequencer acks, Sender sender, ReceiverFilter filter,
                              RetryPolicy policy, CircuitBreaker breaker, ReceiverStatus status, GatewayMetrics metrics,
                              Clock clock) {
        this.name = name;
        this.context = context;
        this.acks = acks;
        this.sender = sender;
        this.filter = filter;
        this.policy = policy;
        this.breaker = breaker;
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A new broker connection: it sends every unacknowledged event again, so the old connection's are dropped here. */
    public void onConnected(long connection) {
        this.connection = connection;
        acks.newConnection(connection);
        queue.clear();
        if (current != null && timer >= 0) {
            // Waiting for a retry: the broker's copy takes its place (the retry state stays, by event id).
            context.owner().cancelTimer(timer);
            timer = -1;
            current = null;
        }
        // An attempt in flight finishes; its ack is void and the broker's copy is then skipped if delivered.
    }

    public void onMessage(InboundMessage message) {
        queue.add(new Pending(message, acks.register(message)));
        pump();
    }

    public void stop() {
        stopped = true;
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
    }

    private void pump() {
        while (current == null && !stopped) {
            Pending next = queue.poll();
            if (next == null) {
                return;
            }
            current = next;
            begin(next);
        }
    }

    private void begin(Pending p) {
        AlertEvent event;
        try {
            event = json.read(p.message().payload());
        } catch (IOException e) {
            // Only the gateway publishes here; a foreign or broken message is logged, never sent unsigned.
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            LOG.error("webhook {}: a message on {} is not an alert event ({}); not delivered", name, LogText.escape(p.message().topic()),
                    LogText.escape(why));
            status.failed("(unreadable)", "(unreadable)", 0, "not an alert event: " + why, clock.instant());
            metrics.delivery(DeliveryOutcome.FAILED);
            done(p);
            return;
        }
        if (!filter.accepts(event) || finished.contains(event.eventId())) {
            done(p);
            return;
        }
        if (retry == null || !retry.eventId.equals(event.eventId())) {
            retry = new Retry(event.eventId());
        }
        schedule(p, event);
    }

    private void schedule(Pending p, AlertEvent event) {
        Instant now = clock.instant();
        Instant at = breaker.permittedAt(now);
        if (retry.notBefore != null && retry.notBefore.isAfter(at)) {
            at = retry.notBefore;
        }
        if (at.isAfter(now) && !now.isBefore(policy.deadline(event.at())) && breaker.state(now) == CircuitBreaker.State.OPEN) {
            giveUp(p, event, 0, "the receiver is down (circuit open) and the event is past its deadline "
                    + policy.deadline(event.at()));
            return;
        }
        long delayMs = Duration.between(now, at).toMillis();
        if (delayMs <= 0) {
            attempt(p, event);
            return;
        }
        timer = context.owner().setTimer(delayMs, id -> {
            timer = -1;
            if (current == p && !stopped) {
                attempt(p, event);
            }
        });
    }

    private void attempt(Pending p, AlertEvent event) {
        sender.post(event.eventId(), p.message().payload())
                .onComplete(ar -> outcome(p, event, ar.succeeded() ? ar.result() : Attempt.ofError(ar.cause())));
    }

    private void outcome(Pending p, AlertEvent event, Attempt attempt) {
        Instant now = clock.instant();
        if (attempt instanceof Attempt.Delivered) {
            breaker.onSuccess();
            metrics.delivery(DeliveryOutcome.DELIVERED);
            metrics.deliveryLatency(Duration.between(event.at(), now));
            status.delivered(now);
            finished.add(event.eventId());
            if (retry.failures > 0) {
                LOG.info("webhook {}: event {} of alert {} delivered after {} failed attempts", name, event.eventId(),
                        event.alertId(), retry.failures);
            }
            done(p);
        } else if (attempt instanceof Attempt.Refused refused) {
            breaker.onSuccess();
            status.answered();
            giveUp(p, event, refused.status(), refused.reason() + "; a 4xx other than 408/429 is not retried");
        } else if (attempt instanceof Attempt.Failed failed) {
            breaker.onFailure(now);
            retry.failures++;
            RetryPolicy.Decision decision = policy.afterFailure(retry.failures, event.at(), now, failed.retryAfter());
            if (decision instanceof RetryPolicy.Decision.RetryAt retryAt) {
                retry.notBefore = retryAt.at();
                metrics.delivery(DeliveryOutcome.RETRYING);
                Instant next = breaker.permittedAt(now).isAfter(retryAt.at()) ? breaker.permittedAt(now) : retryAt.at();
                status.retrying(event.eventId(), event.alertId(), retry.failures, failed.status(), failed.reason(), now, next,
                        breaker.state(now) == CircuitBreaker.State.CLOSED ? null : breaker.permittedAt(now),
                        breaker.consecutiveFailures());
                LOG.warn("webhook {}: event {} of alert {} not delivered ({}); attempt {} failed, next at {}{}", name,
                        event.eventId(), event.alertId(), failed.reason(), retry.failures, next,
                        breaker.state(now) == CircuitBreaker.State.OPEN ? " (circuit open)" : "");
                if (p.message().connection() != connection) {
                    // Arrived on a connection since lost: the broker's copy on the new one takes over.
                    current = null;
                } else if (!stopped) {
                    schedule(p, event);
                }
            } else {
                giveUp(p, event, failed.status(), "gave up after " + retry.failures + " attempts (deadline "
                        + ((RetryPolicy.Decision.GiveUp) decision).deadline() + "): " + failed.reason());
            }
        }
        pump();
    }

    private void giveUp(Pending p, AlertEvent event, int httpStatus, String reason) {
        metrics.delivery(DeliveryOutcome.FAILED);
        status.failed(event.eventId(), event.alertId(), httpStatus, reason, clock.instant());
        finished.add(event.eventId());
        LOG.error("webhook {}: event {} ({}) of alert {} NOT DELIVERED: {}", name, event.eventId(), event.event().wireName(),
                event.alertId(), reason);
        done(p);
    }

    /** Acknowledges (in order) and moves on. */
    private void done(Pending p) {
        acks.done(p.ticket());
        if (current == p) {
            current = null;
        }
        if (retry != null && finished.contains(retry.eventId)) {
            retry = null;
        }
    }
}
