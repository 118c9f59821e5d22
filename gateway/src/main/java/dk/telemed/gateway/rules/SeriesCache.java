package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.model.MeasurementType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Each patient's recent readings per type, read from the store (InfluxDB) and kept up to date
 * with the readings this gateway handles, so persistence counts and baselines come from the
 * stored series: a restarted gateway, or a second one, reaches the same verdict. An entry is
 * re-read when older than the time-to-live or when a reading needs history it does not hold.
 *
 * <p>Uses of one series run one after the other in the order they were asked for, so the
 * readings of a patient's type are judged in order even while the series loads. A load that
 * fails is retried with backoff until the store answers: the readings wait, unacknowledged,
 * as they do for the reading store. Failing them instead would hold back the acknowledgement
 * of every later message on the connection, since acknowledgements go out in order. Used
 * from one event-loop context only.
 *
 * <p>The uses waiting for a series are a queue that is drained in a loop, never a chain of
 * futures: a burst held back by an InfluxDB restart leaves thousands of uses waiting for one
 * load, and completing a chain that long recursed once per use until the thread's stack
 * overflowed. Vert.x swallowed the error, the rest of the chain never completed, and the
 * gateway held those readings unjudged and unacknowledged for good.
 */
public final class SeriesCache {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesCache.class);

    /** Reads a patient's stored readings of one type. */
    public interface Source {
        /** Readings with {@code from <= time <= to}, at most the newest {@code limit}. */
        Future<NavigableMap<Instant, Double>> load(String patient, MeasurementType type, Instant from, Instant to, int limit);
    }

    /** Waits before a retry; a Vert.x timer in the gateway, nothing in a test. */
    public interface Delay {
        Future<Void> after(long millis);

        static Delay timers(Vertx vertx) {
            return millis -> {
                Promise<Void> done = Promise.promise();
                vertx.setTimer(millis, id -> done.complete());
                return done.future();
            };
        }
    }

    /**
     * How much history a type's rules need: readings within {@code window}, of which at most
     * {@code needed} before a reading are ever looked at; at most {@code cap} are kept. Keeping
     * more than is needed lets readings that arrive a little out of order (two oximeters of one
     * patient) be judged without going back to the store.
     */
    public record Reach(Duration window, int needed, int cap) {
        public Reach {
            if (needed < 1 || cap < needed) {
                throw new IllegalArgumentException("need at least 1 reading and keep at least as many as needed");
            }
        }
    }

    /** Readings this much older than the window are kept too, for the same reason. */
    private static final Duration SLACK = Duration.ofDays(1);

    private final Source source;
    private final Backoff backoff;
    private final Delay delay;
    private final Clock clock;
    private final Duration ttl;
    private final Function<MeasurementType, Reach> reach;
    private final PatientSeries<Entry> entries = new PatientSeries<>();
    private boolean stopped;
    private int failures;

    public SeriesCache(Source source, Delay delay, Backoff backoff, Clock clock, Duration ttl, Function<MeasurementType, Reach> reach) {
        this.source = source;
        this.delay = delay;
        this.backoff = backoff;
        this.clock = clock;
        this.ttl = ttl;
        this.reach = reach;
    }

    /**
     * Runs {@code use} on the series of one patient and type, once every earlier use of it has
     * finished and the history reaches back to the rules' window before {@code oldest}. What
     * {@code use} puts into the series stays for the next use.
     */
    public <T> Future<T> with(String patient, MeasurementType type, Instant oldest, Function<NavigableMap<Instant, Double>, T> use) {
        Entry entry = entries.computeIfAbsent(patient, type, Entry::new);
        entry.lastUsedMillis = clock.millis();
        Use<T> waiting = new Use<>(oldest, use);
        entry.waiting.add(waiting);
        drain(entry, patient, type);
        return waiting.promise.future();
    }

    /**
     * Runs the waiting uses of one series in order, until one needs history the series does not
     * hold; that one starts a load, and the load's completion drains on. Completing a use's
     * promise may ask for this series again: that use joins the queue and this loop takes it.
     */
    private void drain(Entry entry, String patient, MeasurementType type) {
        if (entry.draining) {
            return;
        }
        entry.draining = true;
        try {
            Reach r = reach.apply(type);
            while (!entry.loading && !entry.waiting.isEmpty()) {
                Use<?> next = entry.waiting.peek();
                if (needsLoad(entry, r, next.oldest)) {
                    load(entry, patient, type, r, next.oldest);
                    continue;
                }
                entry.waiting.poll();
                next.run(entry.points);
                trim(entry, r);
            }
        } finally {
            entry.draining = false;
        }
    }

    /** Forgets series nobody used for two time-to-lives; bounded memory for a large registry. */
    public void evictIdle() {
        long cutoff = clock.millis() - ttl.multipliedBy(2).toMillis();
        entries.removeIf(e -> e.lastUsedMillis < cutoff && e.waiting.isEmpty() && !e.loading);
    }

    /** How many series are held. */
    public int size() {
        return entries.size();
    }

    /** Stops retrying loads; uses still waiting for one fail. */
    public void stop() {
        stopped = true;
    }

    private boolean needsLoad(Entry entry, Reach r, Instant oldest) {
        Instant from = oldest.minus(r.window());
        // Reaching back far enough means the window is covered, or the series already holds as
        // many readings before the reading as the rules can use.
        boolean reaches = !from.isBefore(entry.coveredFrom) || entry.points.headMap(oldest, true).size() >= r.needed();
        return entry.loadedAtMillis == NEVER || clock.millis() > entry.loadedAtMillis + ttl.toMillis() || !reaches;
    }

    /** Loads the history before {@code oldest}; the waiting uses go on once it is merged, or fail when stopped. */
    private void load(Entry entry, String patient, MeasurementType type, Reach r, Instant oldest) {
        entry.loading = true;
        Instant from = oldest.minus(r.window());
        loadRetrying(patient, type, from, oldest, r.cap(), backoff.firstMs()).onComplete(loaded -> {
            entry.loading = false;
            if (loaded.failed()) {
                while (!entry.waiting.isEmpty()) {
                    entry.waiting.poll().promise.fail(loaded.cause());
                }
                return;
            }
            TreeMap<Instant, Double> merged = new TreeMap<>(loaded.result());
            merged.putAll(entry.points.tailMap(oldest, false));
            entry.points = merged;
            // As of its answer: a load that waited for InfluxDB longer than the time-to-live is not stale at once.
            entry.loadedAtMillis = clock.millis();
            // A full answer may have been cut short: what it holds is all it covers.
            entry.coveredFrom = loaded.result().size() >= r.cap() && !loaded.result().isEmpty() ? loaded.result().firstKey() : from;
            drain(entry, patient, type);
        });
    }

    private Future<NavigableMap<Instant, Double>> loadRetrying(String patient, MeasurementType type, Instant from, Instant to,
                                                               int limit, long backoffMs) {
        return source.load(patient, type, from, to, limit).transform(result -> {
            if (result.succeeded()) {
                failures = 0;
                return Future.succeededFuture(result.result());
            }
            if (stopped) {
                return Future.failedFuture(result.cause());
            }
            if (failures++ % 20 == 0) {
                LOG.warn("reading history for the rules unavailable ({}); the readings wait, retrying in {} ms",
                        result.cause().getMessage(), backoffMs);
            }
            return delay.after(backoffMs).compose(v -> loadRetrying(patient, type, from, to, limit,
                    backoff.afterMs(backoffMs)));
        });
    }

    private static void trim(Entry entry, Reach r) {
        if (entry.points.isEmpty()) {
            return;
        }
        Instant keepFrom = entry.points.lastKey().minus(r.window()).minus(SLACK);
        while (!entry.points.isEmpty() && entry.points.firstKey().isBefore(keepFrom)) {
            entry.points.pollFirstEntry();
        }
        Instant covered = keepFrom;
        while (entry.points.size() > r.cap()) {
            entry.points.pollFirstEntry();
            covered = entry.points.firstKey();
        }
        if (covered.isAfter(entry.coveredFrom)) {
            entry.coveredFrom = covered;
        }
    }

    private static final long NEVER = Long.MIN_VALUE;

    /** One use of a series, waiting its turn. */
    private static final class Use<T> {
        final Instant oldest;
        final Function<NavigableMap<Instant, Double>, T> use;
        final Promise<T> promise = Promise.promise();

        Use(Instant oldest, Function<NavigableMap<Instant, Double>, T> use) {
            this.oldest = oldest;
            this.use = use;
        }

        void run(NavigableMap<Instant, Double> points) {
            T answer;
            try {
                answer = use.apply(points);
            } catch (RuntimeException e) {
                promise.fail(e);
                return;
            }
            promise.complete(answer);
        }
    }

    /** One series. Times of the cache's own bookkeeping in epoch milliseconds: an Instant each would cost more than the rest. */
    private static final class Entry {
        TreeMap<Instant, Double> points = new TreeMap<>();
        /** Uses not yet run, in the order they were asked for. */
        final ArrayDeque<Use<?>> waiting = new ArrayDeque<>();
        boolean loading;
        boolean draining;
        long loadedAtMillis = NEVER;
        Instant coveredFrom = Instant.MAX;
        long lastUsedMillis;
    }
}
