package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.testsupport.ManualClock;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readings of one series that arrive out of time order: two devices of one patient, one
 * behind the other, and a hub's backlog beside a live device. Each use must see exactly the
 * history a query of the store would give at that moment (so the rules reach the verdict
 * they would reach reading the store every time), and the store is read once, not per reading.
 */
class SeriesCacheLateTest {
    static final int NEEDED = 3;
    static final SeriesCache.Reach BANDS = new SeriesCache.Reach(Duration.ofDays(30), NEEDED, 16);

    final ManualClock clock = new ManualClock(Fixtures.T0);
    /** What the reading store holds: every reading is stored before it is judged. */
    final TreeMap<Instant, Double> store = new TreeMap<>();
    final List<String> loads = new ArrayList<>();
    final SeriesCache cache = new SeriesCache((p, t, from, to, limit) -> {
        loads.add(from + ".." + to);
        NavigableMap<Instant, Double> range = store.subMap(from, true, to, true);
        TreeMap<Instant, Double> newest = new TreeMap<>();
        for (var e : range.descendingMap().entrySet()) {
            if (newest.size() == limit) {
                break;
            }
            newest.put(e.getKey(), e.getValue());
        }
        return Future.succeededFuture(Fixtures.series(newest));
    }, millis -> Future.succeededFuture(), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)), clock, Duration.ofMinutes(5), t -> BANDS);
    int mismatches;
    final List<String> firstMismatches = new ArrayList<>();

    /** Stores the reading, then judges it as the rules do: put into the series, look at the readings before it. */
    void arrive(Instant ts, double value) {
        store.put(ts, value);
        List<Double> truth = lastBefore(store, ts);
        Future<List<Double>> seen = cache.with("p", MeasurementType.SPO2, ts, history -> {
            history.put(ts, value);
            return lastBefore(history.toMap(), ts);
        });
        assertThat(seen.succeeded()).isTrue();
        if (!seen.result().equals(truth)) {
            mismatches++;
            if (firstMismatches.size() < 5) {
                firstMismatches.add(ts + ": saw " + seen.result() + ", stored " + truth);
            }
        }
    }

    /** The readings the band rules look at: the last {@link #NEEDED} before {@code ts}, newest first. */
    static List<Double> lastBefore(NavigableMap<Instant, Double> series, Instant ts) {
        List<Double> last = new ArrayList<>();
        // An iterator, not a stream: a stream of a sub-map counts the whole sub-map first.
        for (var it = series.headMap(ts, false).descendingMap().values().iterator(); it.hasNext() && last.size() < NEEDED; ) {
            last.add(it.next());
        }
        return last;
    }

    /** Device A's reading i and device B's, {@code lag} readings behind, arrive alternately; values differ per reading. */
    void interleaved(Instant start, int readings, int lag) {
        for (int i = 0; i < readings + lag; i++) {
            if (i < readings) {
                arrive(start.plusSeconds(2L * i), 90 + i % 7);
            }
            int b = i - lag;
            if (b >= 0) {
                arrive(start.plusSeconds(2L * b + 1), 80 + b % 11);
            }
        }
    }

    @Test
    void twoDevicesOfOnePatientInterleavedOverAnHourAreJudgedFromMemory() {
        store.put(Fixtures.T0.minus(Duration.ofDays(2)), 95.0);
        store.put(Fixtures.T0.minus(Duration.ofDays(1)), 94.0);
        interleaved(Fixtures.T0.minus(Duration.ofHours(1)), 1_800, 400);
        assertThat(firstMismatches).isEmpty();
        assertThat(mismatches).isZero();
        // The first reading's history, and once the lagging device's history from before what was held.
        assertThat(loads).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void theLaggingDeviceMayFallFurtherBehindAndCatchUpWithoutAQueryPerReading() {
        Instant start = Fixtures.T0.minus(Duration.ofHours(1));
        int a = 0;
        int b = 0;
        // B falls behind in steps (100, 1,000, 3,000 readings), then catches up.
        int[] lagAt = {100, 1_000, 3_000, 500, 0};
        for (int lag : lagAt) {
            for (int step = 0; step < 1_000; step++) {
                arrive(start.plusSeconds(2L * a), 90 + a % 5);
                a++;
                if (a - b > lag && b < a) {
                    arrive(start.plusSeconds(2L * b + 1), 85 + b % 3);
                    b++;
                }
            }
        }
        while (b < a) {
            arrive(start.plusSeconds(2L * b + 1), 85 + b % 3);
            b++;
        }
        assertThat(firstMismatches).isEmpty();
        assertThat(loads).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void aHubsWeekOfBacklogBesideALiveDeviceIsOneLoad() {
        Instant now = Fixtures.T0;
        Instant weekAgo = now.minus(Duration.ofDays(7));
        // The live device has reported every 5 minutes all week; the hub was offline.
        for (Instant t = weekAgo; t.isBefore(now.minus(Duration.ofHours(1))); t = t.plus(Duration.ofMinutes(5))) {
            store.put(t.plusSeconds(7), 96.0);
        }
        int live = 0;
        for (int i = 0; i < 7 * 24 * 6; i++) {
            arrive(weekAgo.plus(Duration.ofMinutes(10L * i)), 88 + i % 4);
            if (i % 20 == 0) {
                arrive(now.minus(Duration.ofHours(1)).plusSeconds(30L * live++), 95);
            }
        }
        assertThat(firstMismatches).isEmpty();
        assertThat(loads).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aDeviceFurtherBehindThanTheSeriesCanHoldIsStillJudgedOnItsWholeHistory() {
        Instant start = Fixtures.T0.minus(Duration.ofDays(2));
        int lag = SeriesCache.HOLD_MOST + 1_000;
        interleaved(start, lag + 200, lag);
        assertThat(firstMismatches).isEmpty();
        assertThat(mismatches).isZero();
    }

    @Test
    void inOrderReadingsKeepOnlyTheCapOfTheReach() {
        Instant start = Fixtures.T0.minus(Duration.ofHours(1));
        for (int i = 0; i < 100; i++) {
            arrive(start.plusSeconds(i), 90);
        }
        List<Integer> held = new ArrayList<>();
        cache.with("p", MeasurementType.SPO2, start.plusSeconds(100), history -> held.add(history.size()));
        assertThat(held).containsExactly(BANDS.cap());
        assertThat(loads).hasSize(1);
    }

    @Test
    void onceNoReadingHasBeenLateForATimeToLiveTheSeriesShrinksBackToItsCap() {
        interleaved(Fixtures.T0.minus(Duration.ofHours(1)), 600, 300);
        List<Integer> held = new ArrayList<>();
        cache.with("p", MeasurementType.SPO2, Fixtures.T0, history -> held.add(history.size()));
        assertThat(held.get(0)).isGreaterThan(BANDS.cap());
        clock.advance(Duration.ofMinutes(6));
        arrive(Fixtures.T0.plusSeconds(1), 95);
        cache.with("p", MeasurementType.SPO2, Fixtures.T0.plusSeconds(2), history -> held.add(history.size()));
        assertThat(held.get(1)).isEqualTo(BANDS.cap());
    }
}
