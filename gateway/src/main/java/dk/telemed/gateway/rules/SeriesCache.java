package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.MeasurementType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 */
public final class SeriesCache {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesCache.class);
    private static final long RETRY_INITIAL_MS = 200;
    private static final long RETRY_MAX_MS = 5_000;

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
    private final Delay delay;
    private final Clock clock;
    private final Duration ttl;
    private final Function<MeasurementType, Reach> reach;
    private final PatientSeries<Entry> entries = new PatientSeries<>();
    private boolean stopped;
    private int failures;

    public SeriesCache(Source source, Delay delay, Clock clock, Duration ttl, Function<MeasurementType, Reach> reach) {
        this.source = source;
        this.delay = delay;
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
        Future<Void> before = entry.tail == null ? Future.succeededFuture() : entry.tail;
        Entry used = entry;
        Future<T> result = before.compose(v -> fresh(used, patient, type, oldest)).map(v -> {
            T answer = use.apply(used.points);
            trim(used, reach.apply(type));
            return answer;
        });
        Future<Void> tail = result.<Void>mapEmpty().otherwiseEmpty();
        entry.tail = tail;
        // A finished tail is let go: held by every idle series it would cost a future each.
        tail.onComplete(x -> {
            if (used.tail == tail) {
                used.tail = null;
            }
        });
        return result;
    }

    /** Forgets series nobody used for two time-to-lives; bounded memory for a large registry. */
    public void evictIdle() {
        long cutoff = clock.millis() - ttl.multipliedBy(2).toMillis();
        entries.removeIf(e -> e.lastUsedMillis < cutoff && e.tail == null);
    }

    /** How many series are held. */
    public int size() {
        return entries.size();
    }

    /** Stops retrying loads; uses still waiting for one fail. */
    public void stop() {
        stopped = true;
    }

    private Future<Void> fresh(Entry entry, String patient, MeasurementType type, Instant oldest) {
        long now = clock.millis();
        Reach r = reach.apply(type);
        Instant from = oldest.minus(r.window());
        // Reaching back far enough means the window is covered, or the series already holds as
        // many readings before the reading as the rules can use.
        boolean reaches = !from.isBefore(entry.coveredFrom) || entry.points.headMap(oldest, true).size() >= r.needed();
        boolean stale = entry.loadedAtMillis == NEVER || now > entry.loadedAtMillis + ttl.toMillis() || !reaches;
        if (!stale) {
            return Future.succeededFuture();
        }
        return loadRetrying(patient, type, from, oldest, r.cap(), RETRY_INITIAL_MS).map(loaded -> {
            TreeMap<Instant, Double> merged = new TreeMap<>(loaded);
            merged.putAll(entry.points.tailMap(oldest, false));
            entry.points = merged;
            entry.loadedAtMillis = now;
            // A full answer may have been cut short: what it holds is all it covers.
            entry.coveredFrom = loaded.size() >= r.cap() && !loaded.isEmpty() ? loaded.firstKey() : from;
            return null;
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
                    Math.min(backoffMs * 2, RETRY_MAX_MS)));
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

    /** One series. Times of the cache's own bookkeeping in epoch milliseconds: an Instant each would cost more than the rest. */
    private static final class Entry {
        TreeMap<Instant, Double> points = new TreeMap<>();
        /** The last use asked for, while one is unfinished; null once all are done. */
        Future<Void> tail;
        long loadedAtMillis = NEVER;
        Instant coveredFrom = Instant.MAX;
        long lastUsedMillis;
    }
}
