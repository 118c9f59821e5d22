package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Hands each alert state change on: first its events to the alert sink (the broker), then the
 * state to the {@code alerts} measurement, retrying each until it succeeds. Changes of one
 * alert go out in the order they happened. Publishing comes first because a crash between the
 * two then repeats an event (with the same event id, which receivers de-duplicate on) rather
 * than leaving a recorded alert that nobody was told about.
 *
 * <p>Used from one event-loop context only.
 */
public final class AlertDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

    /** Writes the state after a change to the store. */
    public interface Recorder {
        Future<Void> record(AlertChange change);
    }

    private final Vertx vertx;
    private final AlertSink sink;
    private final Recorder recorder;
    private final GatewayMetrics metrics;
    private final Backoff backoff;
    private final Map<AlertKey, Future<Void>> inFlight = new HashMap<>();
    private boolean stopped;
    private int failures;

    public AlertDispatcher(Vertx vertx, AlertSink sink, Recorder recorder, GatewayMetrics metrics, Backoff backoff) {
        this.vertx = vertx;
        this.sink = sink;
        this.recorder = recorder;
        this.metrics = metrics;
        this.backoff = backoff;
    }

    public Future<Void> dispatch(AlertChange change) {
        AlertKey key = change.alert().key();
        Future<Void> done = inFlight.getOrDefault(key, Future.succeededFuture()).transform(previous -> deliver(change));
        inFlight.put(key, done);
        done.onComplete(r -> inFlight.remove(key, done));
        return done;
    }

    /**
     * Completes when every change handed over so far for the matching alerts is delivered: a
     * redelivered reading that changes nothing still waits for the events its first delivery made.
     */
    public Future<Void> settled(Predicate<AlertKey> which) {
        List<Future<Void>> pending = new ArrayList<>();
        inFlight.forEach((key, f) -> {
            if (which.test(key)) {
                pending.add(f);
            }
        });
        return Future.all(pending).mapEmpty();
    }

    /** Stops retrying; what is not delivered stays undelivered and its readings unacknowledged. */
    public void stop() {
        stopped = true;
    }

    private Future<Void> deliver(AlertChange change) {
        List<Future<Void>> published = new ArrayList<>();
        for (AlertEvent e : change.events()) {
            published.add(retrying(() -> sink.publish(e), "publish").onSuccess(v -> metrics.alert(e.severity(), e.event())));
        }
        return Future.all(published).compose(v -> retrying(() -> recorder.record(change), "record")).onSuccess(v -> {
            OpenAlert a = change.alert();
            LOG.info("alert {} {} for patient {}: {} {} ({})", a.alertId(), change.event().event().wireName(),
                    a.key().patient(), a.rule(), a.severity().wireName(), a.careTeam());
        });
    }

    private Future<Void> retrying(Supplier<Future<Void>> attempt, String what) {
        Promise<Void> promise = Promise.promise();
        attempt(attempt, what, backoff.firstMs(), promise);
        return promise.future();
    }

    private void attempt(Supplier<Future<Void>> attempt, String what, long backoffMs, Promise<Void> promise) {
        attempt.get().onComplete(r -> {
            if (r.succeeded()) {
                failures = 0;
                promise.complete();
            } else if (stopped) {
                promise.fail(r.cause());
            } else {
                if (failures++ % 20 == 0) {
                    LOG.warn("alert {} failed, retrying in {} ms; the readings behind it stay unacknowledged meanwhile: {}",
                            what, backoffMs, r.cause().getMessage());
                }
                vertx.setTimer(backoffMs, id -> attempt(attempt, what, backoff.afterMs(backoffMs), promise));
            }
        });
    }
}
