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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * <p>A reading older than the newest one held (a second device of the patient that lags the
 * first, a hub uploading a week's backlog while another device reports live) is judged from
 * memory too: the series holds every reading from the oldest such reading of late, so the
 * late device's next reading finds its history there. A late reading behind what is held
 * costs one load reaching from its history up to what is held, not one per reading. Only
 * when more than {@link #HOLD_MOST} readings lie between a late device and the newest does a
 * late reading cost a load of its own again, as it did before the series held a span.
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
        /** Readings with {@code from <= time <= to}, at most the newest {@code limit}; built where the store is read, off the event loop. */
        Future<Series> load(String patient, MeasurementType type, Instant from, Instant to, int limit);
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
    /**
     * The most readings a series holds for its late readings: a month of a CGM every five
     * minutes is 8,640; at 16 bytes a reading (plus room to grow), about 200 KiB for one series that far behind.
     */
    static final int HOLD_MOST = 16_384;
    /** The most readings one load behind what is held brings; half the hold, so what it brings stays held. */
    static final int WIDE_MOST = HOLD_MOST / 2;
    /**
     * How far past the newest reading, or now, a series' load reaches: every reading stored when
     * it is read is then held, and every later one is put in by its use. Readings further
     * ahead of the gateway's clock than this are refused at intake ({@code ingest.maxFutureSkew}).
     */
    private static final Duration AHEAD = Duration.ofDays(1);
    /** Late uses per span of {@link LateReadings}: a late device's mark moves on after at most two spans. */
    private static final int LATE_SPAN = 256;

    /** Why a series is read from the store; counted for the metrics. */
    public enum HistoryRead {
        /** The series' first use, or its first since it was forgotten. */
        FIRST("first"),
        /** Held longer than the time-to-live. */
        EXPIRED("expired"),
        /** A reading behind what is held needs readings before it. */
        BEHIND("behind"),
        /** A reading too far behind for the series to hold: its own history, for it alone. */
        FOR_ONE_USE("one-use");

        private final String wireName;

        HistoryRead(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** What a use needs before it can run. */
    private enum Need {
        /** The series holds the history: run now. */
        NOTHING,
        /** History before the reading, up to it: the first use, a stale series, or one reaching further back. */
        HISTORY,
        /** Readings before it that are not held (it is behind what is held, or just after its start): up to what is held, in one load. */
        HISTORY_UP_TO_HELD,
        /** Behind what is held by more than the series can hold: its own history, for this use only. */
        HISTORY_FOR_THIS_USE
    }

    private final Source source;
    private final Backoff backoff;
    private final Delay delay;
    private final Clock clock;
    private final Duration ttl;
    private final Function<MeasurementType, Reach> reach;
    private final PatientSeries<Entry> entries = new PatientSeries<>();
    /** The most bytes the series may take in all ({@link Series#footprint()}); beyond it the series used longest ago are forgotten. */
    private final long maxBytes;
    /** Bytes the series take in all. */
    private long held;
    /** Series forgotten to keep within {@link #maxBytes}; read by the metrics. */
    private final AtomicLong shed = new AtomicLong();
    /** Reads from the store, by {@link HistoryRead}; read by the metrics. */
    private final AtomicLongArray reads = new AtomicLongArray(HistoryRead.values().length);
    private boolean stopped;
    private int failures;

    /** A cache without a bound on the heap its series take in all (each series is still bounded by its reach). */
    public SeriesCache(Source source, Delay delay, Backoff backoff, Clock clock, Duration ttl, Function<MeasurementType, Reach> reach) {
        this(source, delay, backoff, clock, ttl, reach, Long.MAX_VALUE);
    }

    /**
     * @param maxBytes the most heap the series may take in all: every series is bounded by its reach, but a
     *                 population whose trend series are dense (a week of readings every minute) would
     *                 otherwise hold more than the heap has room for
     */
    public SeriesCache(Source source, Delay delay, Backoff backoff, Clock clock, Duration ttl, Function<MeasurementType, Reach> reach,
                       long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        this.source = source;
        this.delay = delay;
        this.backoff = backoff;
        this.clock = clock;
        this.ttl = ttl;
        this.reach = reach;
        this.maxBytes = maxBytes;
    }

    /**
     * Runs {@code use} on the series of one patient and type, once every earlier use of it has
     * finished and the history reaches back to the rules' window before {@code oldest}. What
     * {@code use} puts into the series stays for the next use.
     */
    public <T> Future<T> with(String patient, MeasurementType type, Instant oldest, Function<Series, T> use) {
        return with(patient, type, oldest, oldest, use);
    }

    /** As {@link #with(String, MeasurementType, Instant, Function)} for readings from {@code oldest} to {@code newest}. */
    public <T> Future<T> with(String patient, MeasurementType type, Instant oldest, Instant newest,
                              Function<Series, T> use) {
        Entry entry = entries.get(patient, type);
        if (entry == null) {
            entry = new Entry();
            entries.put(patient, type, entry);
            held += entry.points.footprint();
        }
        entry.lastUsedMillis = clock.millis();
        Use<T> waiting = new Use<>(oldest, newest, use);
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
                switch (need(entry, r, next.oldest)) {
                    case NOTHING -> {
                        entry.waiting.poll();
                        if (!entry.points.isEmpty() && next.oldest.isBefore(entry.points.newest())) {
                            entry.lateReadings().arrived(next.oldest, clock.millis());
                        }
                        long before = entry.points.footprint();
                        next.run(entry.points);
                        trim(entry, r, clock.millis() - ttl.toMillis());
                        held += entry.points.footprint() - before;
                        if (held > maxBytes) {
                            shed(entry);
                        }
                    }
                    case HISTORY -> load(entry.loadedAtMillis == NEVER ? HistoryRead.FIRST
                                    : expired(entry) ? HistoryRead.EXPIRED : HistoryRead.BEHIND, entry, patient, type, r, next.oldest,
                            (next.newest.isAfter(clock.instant()) ? next.newest : clock.instant()).plus(AHEAD), r.cap(), false);
                    case HISTORY_UP_TO_HELD -> load(HistoryRead.BEHIND, entry, patient, type, r, next.oldest, entry.coveredFrom, WIDE_MOST,
                            next.oldest.isBefore(entry.coveredFrom));
                    case HISTORY_FOR_THIS_USE -> loadForOneUse(entry, patient, type, r, next);
                }
            }
        } finally {
            entry.draining = false;
        }
    }

    /** Forgets series nobody used for two time-to-lives; bounded memory for a large registry. */
    public void evictIdle() {
        long cutoff = clock.millis() - ttl.multipliedBy(2).toMillis();
        entries.removeIf(e -> {
            boolean drop = e.lastUsedMillis < cutoff && e.waiting.isEmpty() && !e.loading && !e.draining;
            if (drop) {
                held -= e.points.footprint();
            }
            return drop;
        });
    }

    /**
     * Over the bound: forgets the series used longest ago, of those no use waits for, until a
     * tenth of the bound is free again (so not at every reading). A forgotten series is read
     * from the store again at its next use, as at its first: the rules reach the same verdicts,
     * at the cost of a query.
     */
    private void shed(Entry using) {
        List<Entry> idle = new ArrayList<>();
        entries.forEach(e -> {
            if (e != using && e.waiting.isEmpty() && !e.loading && !e.draining) {
                idle.add(e);
            }
        });
        idle.sort(Comparator.comparingLong(e -> e.lastUsedMillis));
        long target = maxBytes - maxBytes / 10;
        Set<Entry> forgotten = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Entry e : idle) {
            if (held <= target) {
                break;
            }
            forgotten.add(e);
            held -= e.points.footprint();
        }
        if (!forgotten.isEmpty()) {
            entries.removeIf(forgotten::contains);
            shed.addAndGet(forgotten.size());
        }
    }

    /** Bytes the series take in all. */
    long heldBytes() {
        return held;
    }

    /** Reads of series from the store so far, for {@code why}; safe from any thread. */
    public long reads(HistoryRead why) {
        return reads.get(why.ordinal());
    }

    /** Series forgotten so far to keep within the bound on their heap; safe from any thread. */
    public long shedTotal() {
        return shed.get();
    }

    /** How many series are held. */
    public int size() {
        return entries.size();
    }

    /** Stops retrying loads; uses still waiting for one fail. */
    public void stop() {
        stopped = true;
    }

    private Need need(Entry entry, Reach r, Instant oldest) {
        boolean stale = entry.loadedAtMillis == NEVER || expired(entry);
        // Memory holds every reading from coveredFrom on; one before that is behind what is held.
        boolean behind = !entry.points.isEmpty() && oldest.isBefore(entry.coveredFrom);
        // Until a load merges again: the series' next reload, at its time-to-live.
        if (!stale && behind && entry.givenUpBelow != null && oldest.isBefore(entry.givenUpBelow)) {
            return Need.HISTORY_FOR_THIS_USE;
        }
        // Reaching back far enough means the window is covered, or the series already holds as
        // many readings before the reading as the rules can use.
        boolean reaches = !oldest.minus(r.window()).isBefore(entry.coveredFrom) || entry.points.countUpTo(oldest) >= r.needed();
        if (!stale && reaches) {
            return Need.NOTHING;
        }
        // A fresh series that lacks readings before this one holds the newest readings: what is
        // missing lies before what is held. A stale one is read again from the newest first.
        return stale || entry.points.isEmpty() ? Need.HISTORY : Need.HISTORY_UP_TO_HELD;
    }

    private boolean expired(Entry entry) {
        return entry.loadedAtMillis != NEVER && clock.millis() > entry.loadedAtMillis + ttl.toMillis();
    }

    /**
     * Loads the history from the rules' window before {@code oldest} up to {@code to}, at most
     * the newest {@code limit}, and merges it with what is held; the waiting uses go on once it
     * is merged, or fail when stopped. A load {@code behind} what is held that could not reach
     * back to {@code oldest} is not merged: the readings that far behind are given up on, and
     * each of their uses loads its own history ({@link Need#HISTORY_FOR_THIS_USE}).
     */
    private void load(HistoryRead why, Entry entry, String patient, MeasurementType type, Reach r, Instant oldest, Instant to,
                      int limit, boolean behind) {
        entry.loading = true;
        reads.incrementAndGet(why.ordinal());
        Instant from = oldest.minus(r.window());
        loadRetrying(patient, type, from, to, limit, backoff.firstMs()).onComplete(loaded -> {
            entry.loading = false;
            if (loaded.failed()) {
                failWaiting(entry, loaded.cause());
                return;
            }
            Series answer = loaded.result();
            boolean full = answer.size() >= limit && !answer.isEmpty();
            if (behind && full && answer.countUpTo(oldest) < r.needed()) {
                entry.givenUpBelow = entry.coveredFrom;
                drain(entry, patient, type);
                return;
            }
            Series merged = entry.points.mergedWith(answer);
            held += merged.footprint() - entry.points.footprint();
            entry.points = merged;
            // As of its answer: a load that waited for InfluxDB longer than the time-to-live is not stale at once.
            entry.loadedAtMillis = clock.millis();
            entry.givenUpBelow = null;
            // A full answer may have been cut short: what it holds is all it covers.
            entry.coveredFrom = full ? answer.oldest() : from;
            drain(entry, patient, type);
        });
    }

    /** Runs one use on its own history, from the window before its oldest reading to its newest, leaving the series as it was. */
    private void loadForOneUse(Entry entry, String patient, MeasurementType type, Reach r, Use<?> use) {
        entry.loading = true;
        reads.incrementAndGet(HistoryRead.FOR_ONE_USE.ordinal());
        int limit = use.newest.equals(use.oldest) ? r.cap() : WIDE_MOST;
        loadRetrying(patient, type, use.oldest.minus(r.window()), use.newest, limit, backoff.firstMs()).onComplete(loaded -> {
            entry.loading = false;
            if (loaded.failed()) {
                failWaiting(entry, loaded.cause());
                return;
            }
            entry.waiting.poll();
            use.run(loaded.result());
            drain(entry, patient, type);
        });
    }

    private static void failWaiting(Entry entry, Throwable cause) {
        while (!entry.waiting.isEmpty()) {
            entry.waiting.poll().promise.fail(cause);
        }
    }

    private Future<Series> loadRetrying(String patient, MeasurementType type, Instant from, Instant to,
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

    /**
     * Drops what no use will need: readings older than the window before the newest, and the
     * oldest readings beyond the reach's cap, but never the ones a late device's next reading
     * needs (those from the needed readings before the late mark on), up to {@link #HOLD_MOST}.
     */
    private static void trim(Entry entry, Reach r, long lateSinceMillis) {
        if (entry.points.isEmpty()) {
            return;
        }
        Instant keepFrom = entry.points.newest().minus(r.window()).minus(SLACK);
        entry.points.dropBefore(keepFrom);
        Instant covered = keepFrom;
        if (entry.points.size() > r.cap()) {
            Instant held = entry.late == null ? Instant.MAX
                    : entry.late.oldest(lateSinceMillis).map(mark -> nthBefore(entry.points, mark, r.needed())).orElse(Instant.MAX);
            while (entry.points.size() > r.cap() && (entry.points.oldest().isBefore(held) || entry.points.size() > HOLD_MOST)) {
                boolean neededLate = !entry.points.oldest().isBefore(held);
                entry.points.dropOldest(1);
                covered = entry.points.oldest();
                if (neededLate) {
                    entry.givenUpBelow = covered;
                }
            }
        }
        if (covered.isAfter(entry.coveredFrom)) {
            entry.coveredFrom = covered;
        }
    }

    /** The {@code n}th reading before {@code ts} (or the oldest held, when fewer). */
    private static Instant nthBefore(Series points, Instant ts, int n) {
        int before = points.countBefore(ts);
        return before == 0 ? ts : points.time(Math.max(0, before - n));
    }

    private static final long NEVER = Long.MIN_VALUE;

    /** One use of a series, waiting its turn. */
    private static final class Use<T> {
        final Instant oldest;
        final Instant newest;
        final Function<Series, T> use;
        final Promise<T> promise = Promise.promise();

        Use(Instant oldest, Instant newest, Function<Series, T> use) {
            this.oldest = oldest;
            this.newest = newest;
            this.use = use;
        }

        void run(Series points) {
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
        Series points = new Series();
        /** Uses not yet run, in the order they were asked for. */
        final ArrayDeque<Use<?>> waiting = new ArrayDeque<>();
        boolean loading;
        boolean draining;
        long loadedAtMillis = NEVER;
        Instant coveredFrom = Instant.MAX;
        long lastUsedMillis;
        /** Readings behind this were given up on ({@link Need#HISTORY_FOR_THIS_USE}); null when none. */
        Instant givenUpBelow;
        /** Where the late readings of this series have reached; made at the first (most series never have one). */
        LateReadings late;

        LateReadings lateReadings() {
            if (late == null) {
                late = new LateReadings(LATE_SPAN);
            }
            return late;
        }
    }
}
