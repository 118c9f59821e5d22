package dk.telemed.gateway.cluster;

import dk.telemed.gateway.ingest.ReadingListener;
import dk.telemed.gateway.model.LogText;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.InboundMessage;
import dk.telemed.gateway.rules.RulesEngine;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * This member's inbox: readings and statuses of its patients that another member received,
 * acknowledgements of its alerts made on another member, and the answers to its own. A message
 * is acknowledged to the broker once handled, in arrival order with everything else on the
 * gateway's session.
 */
public final class ClusterInbox {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterInbox.class);

    private final Membership membership;
    private final ReadingListener readings;
    private final RulesEngine rules;
    private final ClusterAlerts alerts;
    private final PartitionedRules.Publisher publisher;
    private final AckSequencer acks;
    private final HandoverJson json = new HandoverJson();

    /** @param readings the rules' side of handed-over readings (with the live stream of this member's dashboards) */
    public ClusterInbox(Membership membership, ReadingListener readings, RulesEngine rules, ClusterAlerts alerts,
                        PartitionedRules.Publisher publisher, AckSequencer acks) {
        this.membership = membership;
        this.readings = readings;
        this.rules = rules;
        this.alerts = alerts;
        this.publisher = publisher;
        this.acks = acks;
    }

    public String filter() {
        return membership.inbox();
    }

    public boolean matches(String topic) {
        return topic.equals(membership.inbox());
    }

    public void handle(InboundMessage message) {
        AckSequencer.Ticket ticket = acks.register(message);
        Handover handover;
        try {
            handover = json.read(message.payload());
        } catch (IOException e) {
            // Only gateways write here (the broker's ACL): a message this version cannot read is dropped, not retried forever.
            LOG.error("cluster inbox {}: a message that is not a handover was dropped: {}", membership.inbox(), LogText.escape(e.getMessage()));
            acks.done(ticket);
            return;
        }
        handled(handover).onComplete(r -> {
            if (r.succeeded()) {
                acks.done(ticket);
            } else {
                LOG.warn("cluster inbox {}: handover not acknowledged, left for redelivery: {}", membership.inbox(), r.cause().getMessage());
            }
        });
    }

    private Future<Void> handled(Handover handover) {
        if (handover instanceof Handover.Readings r) {
            return readings.accepted(r.readings(), r.limits());
        } else if (handover instanceof Handover.Status s) {
            return rules.status(s.deviceId(), s.status());
        } else if (handover instanceof Handover.Acknowledge a) {
            return acknowledge(a);
        } else if (handover instanceof Handover.Reply r) {
            alerts.replied(r);
        }
        return Future.succeededFuture();
    }

    private Future<Void> acknowledge(Handover.Acknowledge a) {
        return rules.acknowledge(a.alertId(), a.username(), a.note())
                .map(alert -> new Handover.Reply(a.correlation(), Handover.Outcome.ACKNOWLEDGED, alert.seq(), alert.acknowledgedAt(), ""))
                .recover(e -> Future.succeededFuture(e instanceof NoSuchElementException
                        ? new Handover.Reply(a.correlation(), Handover.Outcome.NOT_OPEN, 0, Optional.empty(), e.getMessage())
                        : new Handover.Reply(a.correlation(), Handover.Outcome.FAILED, 0, Optional.empty(), String.valueOf(e.getMessage()))))
                .compose(reply -> publisher.publish(a.replyTo(), json.write(reply)))
                .mapEmpty();
    }
}
