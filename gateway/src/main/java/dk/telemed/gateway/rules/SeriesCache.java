package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.MeasurementType;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
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
 * readings of a patient's type are judged in order even while the series loads. Used from one
 * event-loop context only.
 */
public final class SeriesCache {
    /** Reads a patient's stored readings of one type. */
    public interface Source {
        /** Readings with {@code from <= time <= to}, at most the newest {@code limit}. */
        Future<NavigableMap<Instant, Double>> load(String patient, MeasurementType type, Instant from, Instant to, int limit);
    }

    /** How much history a type's rules need: a time window, and at most this many readings. */
    public record Reach(Duration window, int limit) {
    }

    private final Source source;
    private final Clock clock;
    private final Duration ttl;
    private final Function<MeasurementType, Reach> reach;
    private final Map<String, Entry> entries = new HashMap<>();

    public SeriesCache(Source source, Clock clock, Duration ttl, Function<MeasurementType, Reach> reach) {
        this.source = source;
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
        Entry entry = entries.computeIfAbsent(patient + "|" + type.wireName(), k -> new Entry());
        entry.lastUsed = clock.instant();
        Future<T> result = entry.tail.compose(v -> fresh(entry, patient, type, oldest)).map(v -> {
            T answer = use.apply(entry.points);
            trim(entry, reach.apply(type));
            return answer;
        });
        entry.tail = result.<Void>mapEmpty().otherwiseEmpty();
        return result;
    }

    /** Forgets series nobody used for two time-to-lives; bounded memory for a large registry. */
    public void evictIdle() {
        Instant cutoff = clock.instant().minus(ttl.multipliedBy(2));
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.lastUsed.isBefore(cutoff) && e.tail.isComplete()) {
                it.remove();
            }
        }
    }

    public int size() {
        return entries.size();
    }

    private Future<Void> fresh(Entry entry, String patient, MeasurementType type, Instant oldest) {
        Instant now = clock.instant();
        Reach r = reach.apply(type);
        Instant from = oldest.minus(r.window());
        // Reaching back far enough means the window is covered, or the series already holds as
        // many readings before the reading as the rules can use.
        boolean reaches = !from.isBefore(entry.coveredFrom) || entry.points.headMap(oldest, true).size() >= r.limit();
        boolean stale = entry.loadedAt == null || now.isAfter(entry.loadedAt.plus(ttl)) || !reaches;
        if (!stale) {
            return Future.succeededFuture();
        }
        return source.load(patient, type, from, oldest, r.limit()).map(loaded -> {
            TreeMap<Instant, Double> merged = new TreeMap<>(loaded);
            merged.putAll(entry.points.tailMap(oldest, false));
            entry.points = merged;
            entry.loadedAt = now;
            // A full answer may have been cut short: what it holds is all it covers.
            entry.coveredFrom = loaded.size() >= r.limit() && !loaded.isEmpty() ? loaded.firstKey() : from;
            return null;
        });
    }

    private static void trim(Entry entry, Reach r) {
        if (entry.points.isEmpty()) {
            return;
        }
        Instant keepFrom = entry.points.lastKey().minus(r.window());
        while (!entry.points.isEmpty() && entry.points.firstKey().isBefore(keepFrom)) {
            entry.points.pollFirstEntry();
        }
        Instant covered = keepFrom;
        while (entry.points.size() > r.limit()) {
            entry.points.pollFirstEntry();
            covered = entry.points.firstKey();
        }
        if (covered.isAfter(entry.coveredFrom)) {
            entry.coveredFrom = covered;
        }
    }

    private static final class Entry {
        TreeMap<Instant, Double> points = new TreeMap<>();
        Future<Void> tail = Future.succeededFuture();
        Instant loadedAt;
        Instant coveredFrom = Instant.MAX;
        Instant lastUsed = Instant.EPOCH;
    }
}
