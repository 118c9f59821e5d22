package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.testsupport.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesCacheTest {
    final ManualClock clock = new ManualClock(Fixtures.T0);
    final List<Promise<NavigableMap<Instant, Double>>> loads = new ArrayList<>();
    final SeriesCache cache = new SeriesCache((p, t, from, to, limit) -> {
        Promise<NavigableMap<Instant, Double>> promise = Promise.promise();
        loads.add(promise);
        return promise.future().map(Fixtures::series);
    }, millis -> Future.succeededFuture(), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)), clock, Duration.ofMinutes(5), t -> new SeriesCache.Reach(Duration.ofDays(30), 2, 3));

    static NavigableMap<Instant, Double> stored(double... values) {
        NavigableMap<Instant, Double> s = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            s.put(Fixtures.T0.minus(Duration.ofHours(values.length - i)), values[i]);
        }
        return s;
    }

    @Test
    void usesWaitForTheLoadAndRunInTheOrderAsked() {
        List<String> order = new ArrayList<>();
        Future<Integer> first = cache.with("p", MeasurementType.SPO2, Fixtures.T0, s -> {
            order.add("first saw " + s.size());
            s.put(Fixtures.T0, 90.0);
            return 1;
        });
        Future<Integer> second = cache.with("p", MeasurementType.SPO2, Fixtures.T0.plusSeconds(1), s -> {
            order.add("second saw " + s.size());
            return 2;
        });
        assertThat(order).isEmpty();
        assertThat(loads).hasSize(1);
        loads.get(0).complete(stored(95, 94));
        assertThat(order).containsExactly("first saw 2", "second saw 3");
        assertThat(first.result()).isEqualTo(1);
        assertThat(second.result()).isEqualTo(2);
    }

    /**
     * A burst of readings of one series waits for one load (InfluxDB just came back); when it
     * completes, every use runs, however many were waiting, and none is left hanging.
     */
    @Test
    void aLongQueueOfUsesBehindOneLoadAllRunWhenItCompletes() {
        int waiting = 20_000;
        List<Future<Integer>> uses = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            int n = i;
            uses.add(cache.with("p", MeasurementType.PULSE, Fixtures.T0.plusSeconds(i), s -> {
                s.put(Fixtures.T0.plusSeconds(n), 70.0);
                return n;
            }));
        }
        assertThat(loads).hasSize(1);
        loads.get(0).complete(stored(70, 71));
        assertThat(uses).allSatisfy(f -> assertThat(f.succeeded()).isTrue());
        assertThat(uses.get(waiting - 1).result()).isEqualTo(waiting - 1);
    }

    @Test
    void keepsTheNewestReadingsWithinTheReachAndReloadsAfterTheTtl() {
        cache.with("p", MeasurementType.SPO2, Fixtures.T0, s -> {
            s.put(Fixtures.T0, 90.0);
            return s;
        });
        loads.get(0).complete(stored(97, 96, 95));
        List<Double> seen = new ArrayList<>();
        cache.with("p", MeasurementType.SPO2, Fixtures.T0, s -> seen.addAll(s.toMap().values()));
        assertThat(seen).containsExactly(96.0, 95.0, 90.0);
        assertThat(loads).hasSize(1);
        clock.advance(Duration.ofMinutes(6));
        cache.with("p", MeasurementType.SPO2, Fixtures.T0, s -> s);
        assertThat(loads).hasSize(2);
    }

    /** What an operator reads in telemed_rules_history_reads_total: why the rules went to InfluxDB. */
    @Test
    void readsAreCountedByWhyTheSeriesWasRead() {
        cache.with("p", MeasurementType.SPO2, Fixtures.T0, s -> s);
        loads.get(0).complete(stored(97, 96, 95));
        clock.advance(Duration.ofMinutes(6));
        cache.with("p", MeasurementType.SPO2, Fixtures.T0, s -> s);
        loads.get(1).complete(stored(97, 96, 95));
        // Three readings held, the oldest three hours back: one five hours back has none of its own before it.
        cache.with("p", MeasurementType.SPO2, Fixtures.T0.minus(Duration.ofHours(5)), s -> s);
        assertThat(loads).hasSize(3);
        assertThat(cache.reads(SeriesCache.HistoryRead.FIRST)).isEqualTo(1);
        assertThat(cache.reads(SeriesCache.HistoryRead.EXPIRED)).isEqualTo(1);
        assertThat(cache.reads(SeriesCache.HistoryRead.BEHIND)).isEqualTo(1);
        assertThat(cache.reads(SeriesCache.HistoryRead.FOR_ONE_USE)).isZero();
    }

    @Test
    void aReadingALittleOutOfOrderIsJudgedWithoutGoingBackToTheStore() {
        cache.with("p", MeasurementType.SPO2, Fixtures.T0, s -> {
            s.put(Fixtures.T0, 90.0);
            return s;
        });
        loads.get(0).complete(stored(97, 96, 95));
        List<Integer> before = new ArrayList<>();
        cache.with("p", MeasurementType.SPO2, Fixtures.T0.minusSeconds(1), s -> before.add(s.countBefore(Fixtures.T0.minusSeconds(1))));
        assertThat(loads).hasSize(1);
        assertThat(before).containsExactly(2);
    }

    @Test
    void aFailedLoadIsRetriedUntilTheStoreAnswersAndTheUseWaits() {
        Future<Integer> use = cache.with("p", MeasurementType.SPO2, Fixtures.T0, Series::size);
        loads.get(0).fail("influx down");
        loads.get(1).fail("influx still down");
        assertThat(use.isComplete()).isFalse();
        loads.get(2).complete(stored(95));
        assertThat(use.result()).isEqualTo(1);
    }

    @Test
    void onceStoppedAFailedLoadFailsTheUse() {
        Future<Integer> use = cache.with("p", MeasurementType.SPO2, Fixtures.T0, Series::size);
        cache.stop();
        loads.get(0).fail("influx down");
        assertThat(use.failed()).isTrue();
    }

    @Test
    void idleSeriesAreForgotten() {
        cache.with("p", MeasurementType.SPO2, Fixtures.T0, s -> s);
        loads.get(0).complete(stored());
        clock.advance(Duration.ofMinutes(11));
        cache.evictIdle();
        assertThat(cache.size()).isZero();
    }

    @Test
    void onlyTheIdleSeriesOfAPatientAreForgotten() {
        cache.with("p", MeasurementType.SPO2, Fixtures.T0, s -> s);
        loads.get(0).complete(stored());
        clock.advance(Duration.ofMinutes(6));
        cache.with("p", MeasurementType.PULSE, Fixtures.T0, s -> s);
        loads.get(1).complete(stored());
        clock.advance(Duration.ofMinutes(5));
        cache.evictIdle();
        assertThat(cache.size()).isEqualTo(1);
        cache.with("p", MeasurementType.PULSE, Fixtures.T0, s -> s);
        assertThat(loads).hasSize(2);
        cache.with("p", MeasurementType.SPO2, Fixtures.T0, s -> s);
        assertThat(loads).hasSize(3);
    }

    @Test
    void aSeriesStillWaitingForItsLoadIsKept() {
        Future<Integer> use = cache.with("p", MeasurementType.SPO2, Fixtures.T0, Series::size);
        clock.advance(Duration.ofMinutes(11));
        cache.evictIdle();
        assertThat(cache.size()).isEqualTo(1);
        loads.get(0).complete(stored(95));
        assertThat(use.result()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(11));
        cache.evictIdle();
        assertThat(cache.size()).isZero();
    }

    /** The footprint of a series as the test below builds it: two readings loaded, one put. */
    static long threeReadings() {
        Series s = Fixtures.series(stored(81, 82));
        s.put(Fixtures.T0, 80.0);
        return s.footprint();
    }

    /**
     * Many patients' dense series outgrow the bound over all series: the ones used longest ago
     * are forgotten (never one a use waits for) and read again at their next use.
     */
    @Test
    void overTheBoundOnAllReadingsTheSeriesUsedLongestAgoAreForgottenAndReadAgain() {
        List<Promise<NavigableMap<Instant, Double>>> loaded = new ArrayList<>();
        SeriesCache bounded = new SeriesCache((p, t, from, to, limit) -> {
            Promise<NavigableMap<Instant, Double>> promise = Promise.promise();
            loaded.add(promise);
            return promise.future().map(Fixtures::series);
        }, millis -> Future.succeededFuture(), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)), clock,
                Duration.ofMinutes(5), t -> new SeriesCache.Reach(Duration.ofDays(30), 2, 3), 3 * threeReadings() + threeReadings() / 2);
        for (String patient : List.of("a", "b", "c")) {
            bounded.with(patient, MeasurementType.WEIGHT, Fixtures.T0, s -> {
                s.put(Fixtures.T0, 80.0);
                return s;
            });
            loaded.get(loaded.size() - 1).complete(stored(81, 82));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(bounded.heldBytes()).isEqualTo(3 * threeReadings());
        assertThat(bounded.shedTotal()).isZero();
        // d's load brings the readings over the bound: a, used longest ago, is forgotten; d, in use, is kept.
        Future<Integer> d = bounded.with("d", MeasurementType.WEIGHT, Fixtures.T0, s -> s.size());
        loaded.get(loaded.size() - 1).complete(stored(79, 78));
        assertThat(d.result()).isEqualTo(2);
        bounded.with("b", MeasurementType.WEIGHT, Fixtures.T0.plusSeconds(1), s -> {
            s.put(Fixtures.T0.plusSeconds(1), 80.5);
            return s;
        });
        assertThat(bounded.shedTotal()).isEqualTo(1);
        assertThat(bounded.size()).isEqualTo(3);
        assertThat(bounded.heldBytes()).isLessThanOrEqualTo(3 * threeReadings());
        int loadsBefore = loaded.size();
        Future<Integer> again = bounded.with("a", MeasurementType.WEIGHT, Fixtures.T0.plusSeconds(2), s -> s.size());
        assertThat(loaded).as("a forgotten series is read again").hasSize(loadsBefore + 1);
        loaded.get(loaded.size() - 1).complete(stored(81, 82, 80));
        assertThat(again.result()).isEqualTo(3);
    }
}
