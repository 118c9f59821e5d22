package dk.telemed.gateway.cluster;

import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.rules.AlertBoard;
import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Every open alert of the cluster, for the API and FHIR of any member: this member's own from
 * its rules, the other members' from what they record in InfluxDB (re-read at most every
 * {@code freshFor}). A nurse's acknowledgement of another member's alert is sent to that
 * member's inbox and answered once it confirms. Used from the gateway's event-loop context.
 */
public final class ClusterAlerts implements AlertBoard {
    private final Vertx vertx;
    private final Context context;
    private final Membership membership;
    private final AlertBoard local;
    private final Supplier<Future<List<OpenAlert>>> recorded;
    private final PartitionedRules.Publisher publisher;
    private final Duration freshFor;
    private final Duration ackTimeout;
    private final HandoverJson json = new HandoverJson();
    private final Map<String, Pending> pending = new HashMap<>();
    private Future<List<OpenAlert>> others;
    private long othersReadAt;

    private record Pending(Promise<OpenAlert> promise, OpenAlert alert, String username, Optional<String> note, long timer) {
    }

    /** @param recorded the open alerts recorded in InfluxDB by every member */
    public ClusterAlerts(Vertx vertx, Context context, Membership membership, AlertBoard local, Supplier<Future<List<OpenAlert>>> recorded,
                         PartitionedRules.Publisher publisher, Duration freshFor, Duration ackTimeout) {
        this.vertx = vertx;
        this.context = context;
        this.membership = membership;
        this.local = local;
        this.recorded = recorded;
        this.publisher = publisher;
        this.freshFor = freshFor;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public boolean isReady() {
        return local.isReady();
    }

    @Override
    public Future<List<OpenAlert>> openAlerts() {
        if (!membership.clustered()) {
            return local.openAlerts();
        }
        return onContext(() -> Future.all(local.openAlerts(), others())).map(both -> {
            List<OpenAlert> all = new ArrayList<>(both.<List<OpenAlert>>resultAt(0));
            both.<List<OpenAlert>>resultAt(1).stream().filter(a -> !membership.owns(a.key().patient())).forEach(all::add);
            return all;
        });
    }

    @Override
    public Future<OpenAlert> acknowledge(String alertId, String username, Optional<String> note) {
        if (!membership.clustered()) {
            return local.acknowledge(alertId, username, note);
        }
        return openAlerts().compose(open -> onContext(() -> {
            Optional<OpenAlert> alert = open.stream().filter(a -> a.alertId().equals(alertId)).findFirst();
            if (alert.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException("alert " + alertId + " is not open"));
            }
            if (membership.owns(alert.get().key().patient())) {
                return local.acknowledge(alertId, username, note);
            }
            return askOwner(alert.get(), username, note);
        }));
    }

    private <T> Future<T> onContext(Supplier<Future<T>> work) {
        if (Vertx.currentContext() == context) {
            return work.get();
        }
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(result));
        return result.future();
    }

    private Future<OpenAlert> askOwner(OpenAlert alert, String username, Optional<String> note) {
        int owner = membership.ownerOf(alert.key().patient());
        String correlation = UUID.randomUUID().toString();
        Promise<OpenAlert> answer = Promise.promise();
        long timer = vertx.setTimer(ackTimeout.toMillis(), id -> {
            if (pending.remove(correlation) != null) {
                answer.tryFail(new TimeoutException("the gateway that holds alert " + alert.alertId() + " (cluster member "
                        + owner + ") did not confirm the acknowledgement within " + ackTimeout.toMillis()
                        + " ms; it may be restarting. Try again in a moment."));
            }
        });
        pending.put(correlation, new Pending(answer, alert, username, note, timer));
        byte[] request = json.write(new Handover.Acknowledge(correlation, membership.inbox(), alert.alertId(), username, note));
        publisher.publish(membership.inbox(owner), request).onFailure(e -> {
            if (pending.remove(correlation) != null) {
                vertx.cancelTimer(timer);
                answer.tryFail(e);
            }
        });
        return answer.future();
    }

    /** The holder answered an acknowledgement asked from here. */
    void replied(Handover.Reply reply) {
        Pending p = pending.remove(reply.correlation());
        if (p == null) {
            return;
        }
        vertx.cancelTimer(p.timer());
        others = null;
        switch (reply.outcome()) {
            case ACKNOWLEDGED -> p.promise().tryComplete(acknowledged(p, reply));
            case NOT_OPEN -> p.promise().tryFail(new NoSuchElementException("alert " + p.alert().alertId() + " is not open"));
            case FAILED -> p.promise().tryFail(new IllegalStateException(reply.error()));
        }
    }

    private static OpenAlert acknowledged(Pending p, Handover.Reply reply) {
        OpenAlert a = p.alert();
        return new OpenAlert(a.alertId(), a.key(), a.careTeam(), a.severity(), a.rule(), AlertState.ACKNOWLEDGED, a.value(), a.unit(),
                a.threshold(), a.thresholds(), a.readingTs(), a.message(), a.late(), a.notifiedAt(), reply.seq(), a.reminders(),
                Optional.of(p.username()), reply.acknowledgedAt(), p.note(), a.raisedAt(), a.readings(), a.instruction());
    }

    private Future<List<OpenAlert>> others() {
        long now = System.nanoTime();
        if (others == null || (others.isComplete() && now - othersReadAt > freshFor.toNanos()) || others.failed()) {
            othersReadAt = now;
            others = recorded.get();
        }
        return others;
    }
}
