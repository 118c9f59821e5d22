package dk.telemed.gateway.rules;

import dk.telemed.gateway.ingest.DeviceStatus;
import dk.telemed.gateway.ingest.ReadingListener;
import dk.telemed.gateway.ingest.StatusListener;
import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The clinical rules in several lanes, each a {@link RulesEngine} on an event-loop context of
 * its own, so judging uses more than one core. Every patient belongs to one lane, chosen by a
 * stable hash of the patient id: a patient's readings reach one engine, in the order ingest
 * hands them over, and are judged there one after the other as before. What a lane does for a
 * caller on another context is answered back on the caller's context, so ingest, which
 * acknowledges in arrival order, never sees a completion on a lane's thread.
 *
 * <p>A lane on the caller's own context is called directly: with one lane the rules run on
 * the gateway's event loop exactly as a single engine does.
 */
public final class RulesLanes implements ReadingListener, StatusListener, AlertBoard {

    /** One engine and the context it runs on. */
    public record Lane(Context context, RulesEngine engine) {
    }

    private final List<Lane> lanes;
    private final Supplier<PatientRegistry> registry;

    /** @param lanes the engines; lane {@code i} judges the patients {@link #laneOf} puts in it */
    public RulesLanes(List<Lane> lanes, Supplier<PatientRegistry> registry) {
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("the rules need at least one lane");
        }
        this.lanes = List.copyOf(lanes);
        this.registry = registry;
    }

    /** Builds {@code count} lanes, lane {@code i} by {@code build.apply(i)}. */
    public static List<Lane> build(int count, IntFunction<Lane> build) {
        List<Lane> built = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            built.add(build.apply(i));
        }
        return built;
    }

    /**
     * The lane of a patient among {@code count}: String.hashCode is fixed by the language, so a
     * patient keeps its lane across restarts and on every member of a failover pair.
     */
    public static int laneOf(String patientId, int count) {
        int h = patientId.hashCode() * 0x9E3779B9;
        return Math.floorMod(h ^ (h >>> 16), count);
    }

    public int size() {
        return lanes.size();
    }

    /** Starts every engine on its own context: each rebuilds its patients' open alerts from the store. */
    public Future<Void> start() {
        List<Future<Void>> started = new ArrayList<>(lanes.size());
        for (Lane lane : lanes) {
            started.add(onLane(lane, lane.engine()::start));
        }
        return Future.all(started).mapEmpty();
    }

    public void stop() {
        for (Lane lane : lanes) {
            if (Vertx.currentContext() == lane.context()) {
                lane.engine().stop();
            } else {
                lane.context().runOnContext(v -> lane.engine().stop());
            }
        }
    }

    @Override
    public Future<Void> accepted(List<Reading> stored, List<DeviceLimit> limits) {
        if (stored.isEmpty() && limits.isEmpty()) {
            return Future.succeededFuture();
        }
        int only = singleLane(stored, limits);
        if (only >= 0) {
            return onLane(lanes.get(only), () -> lanes.get(only).engine().accepted(stored, limits));
        }
        // Readings of several patients in one message (a hub): each lane judges its own, and the
        // message is done when all are.
        List<List<Reading>> readings = new ArrayList<>(lanes.size());
        List<List<DeviceLimit>> beyond = new ArrayList<>(lanes.size());
        for (int i = 0; i < lanes.size(); i++) {
            readings.add(new ArrayList<>());
            beyond.add(new ArrayList<>());
        }
        stored.forEach(r -> readings.get(laneOf(r.patientId(), lanes.size())).add(r));
        limits.forEach(l -> beyond.get(laneOf(l.patientId(), lanes.size())).add(l));
        List<Future<Void>> each = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            List<Reading> r = readings.get(i);
            List<DeviceLimit> l = beyond.get(i);
            if (!r.isEmpty() || !l.isEmpty()) {
                Lane lane = lanes.get(i);
                each.add(onLane(lane, () -> lane.engine().accepted(r, l)));
            }
        }
        return Future.all(each).mapEmpty();
    }

    /** The one lane every reading and limit of a message belongs to, or -1 when they span several. */
    private int singleLane(List<Reading> stored, List<DeviceLimit> limits) {
        int lane = -1;
        for (Reading r : stored) {
            int l = laneOf(r.patientId(), lanes.size());
            if (lane >= 0 && l != lane) {
                return -1;
            }
            lane = l;
        }
        for (DeviceLimit d : limits) {
            int l = laneOf(d.patientId(), lanes.size());
            if (lane >= 0 && l != lane) {
                return -1;
            }
            lane = l;
        }
        return lane;
    }

    @Override
    public Future<Void> status(String deviceId, DeviceStatus status) {
        Optional<Patient> owner = registry.get().ownerOf(deviceId);
        if (owner.isEmpty() || status.batteryPercent().isEmpty()) {
            return Future.succeededFuture();
        }
        Lane lane = laneFor(owner.get().id());
        return onLane(lane, () -> lane.engine().status(deviceId, status));
    }

    /** {@link RulesEngine#judge}, in the patient's lane. */
    public Future<Void> judge(String patientId, Function<Function<AlertKey, Optional<OpenAlert>>, List<Verdict>> rule) {
        Lane lane = laneFor(patientId);
        return onLane(lane, () -> lane.engine().judge(patientId, rule));
    }

    @Override
    public boolean isReady() {
        return lanes.stream().allMatch(l -> l.engine().isReady());
    }

    /** When the last lane was ready; empty until every one is. */
    @Override
    public Optional<Instant> readySince() {
        Instant latest = Instant.MIN;
        for (Lane lane : lanes) {
            Optional<Instant> since = lane.engine().readySince();
            if (since.isEmpty()) {
                return Optional.empty();
            }
            latest = since.get().isAfter(latest) ? since.get() : latest;
        }
        return Optional.of(latest);
    }

    @Override
    public Future<List<OpenAlert>> openAlerts() {
        List<Future<List<OpenAlert>>> each = new ArrayList<>(lanes.size());
        for (Lane lane : lanes) {
            each.add(lane.engine().openAlerts());
        }
        return Future.all(each).map(all -> {
            List<OpenAlert> open = new ArrayList<>();
            each.forEach(f -> open.addAll(f.result()));
            return open;
        });
    }

    /** An alert id does not name its patient: each lane is asked in turn, and the one holding the alert answers. */
    @Override
    public Future<OpenAlert> acknowledge(String alertId, String username, Optional<String> note) {
        return acknowledge(0, alertId, username, note);
    }

    private Future<OpenAlert> acknowledge(int from, String alertId, String username, Optional<String> note) {
        Future<OpenAlert> answer = lanes.get(from).engine().acknowledge(alertId, username, note);
        if (from == lanes.size() - 1) {
            return answer;
        }
        return answer.recover(e -> e instanceof NoSuchElementException
                ? acknowledge(from + 1, alertId, username, note) : Future.failedFuture(e));
    }

    /** Messages whose stored readings are not judged yet, over all lanes; safe from any thread. */
    public int awaitingJudgement() {
        return lanes.stream().mapToInt(l -> l.engine().awaitingJudgement()).sum();
    }

    /** Messages judged so far, over all lanes (a message of several lanes' patients counts once per lane). */
    public long judgedTotal() {
        return lanes.stream().mapToLong(l -> l.engine().judgedTotal()).sum();
    }

    /** Alerts raised and not yet resolved, over all lanes; for the metrics. */
    public int openCount() {
        return lanes.stream().mapToInt(l -> l.engine().openCount()).sum();
    }

    private Lane laneFor(String patientId) {
        return lanes.get(laneOf(patientId, lanes.size()));
    }

    /**
     * Runs {@code work} on the lane's context and completes on the caller's: a caller on the lane's
     * context (one lane) is served directly.
     */
    private static <T> Future<T> onLane(Lane lane, Supplier<Future<T>> work) {
        Context caller = Vertx.currentContext();
        if (caller == lane.context()) {
            return work.get();
        }
        // A promise of the caller's context answers there.
        Promise<T> answered = caller == null ? Promise.promise() : ((ContextInternal) caller).promise();
        lane.context().runOnContext(v -> {
            Future<T> done;
            try {
                done = work.get();
            } catch (RuntimeException e) {
                done = Future.failedFuture(e);
            }
            done.onComplete(answered);
        });
        return answered.future();
    }
}
