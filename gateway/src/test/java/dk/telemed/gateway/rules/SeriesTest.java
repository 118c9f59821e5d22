package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.LevelStatistic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesTest {
    static final Instant T0 = Fixtures.T0;

    @Test
    void holdsReadingsInTimeOrderWhateverOrderTheyCameIn() {
        Series s = new Series();
        s.put(T0.plusSeconds(20), 3);
        s.put(T0, 1);
        s.put(T0.plusSeconds(10), 2);
        s.put(T0.plusSeconds(10), 2.5);
        assertThat(s.toMap()).containsExactly(Map.entry(T0, 1.0), Map.entry(T0.plusSeconds(10), 2.5), Map.entry(T0.plusSeconds(20), 3.0));
        assertThat(s.oldest()).isEqualTo(T0);
        assertThat(s.newest()).isEqualTo(T0.plusSeconds(20));
        assertThat(s.indexOf(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(s.indexOf(T0.plusSeconds(11))).isEqualTo(-1);
        assertThat(s.countBefore(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(s.countUpTo(T0.plusSeconds(10))).isEqualTo(2);
        assertThat(s.countUpTo(Instant.MAX)).isEqualTo(3);
        assertThat(s.countBefore(Instant.MIN)).isZero();
    }

    @Test
    void keepsNanosecondsAndTimesBeforeTheEpoch() {
        Series s = new Series();
        Instant early = Instant.parse("1969-12-31T23:59:59.999999999Z");
        s.put(early, 1);
        s.put(T0.plusNanos(1), 2);
        assertThat(s.time(0)).isEqualTo(early);
        assertThat(s.time(1)).isEqualTo(T0.plusNanos(1));
        assertThatThrownBy(() -> s.put(Instant.MAX, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("range");
        assertThatThrownBy(() -> s.value(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void dropsTheOldestAndKeepsTheRestThroughCompaction() {
        Series s = new Series();
        for (int i = 0; i < 1000; i++) {
            s.put(T0.plusSeconds(i), i);
            if (s.size() > 100) {
                s.dropOldest(1);
            }
        }
        assertThat(s.size()).isEqualTo(100);
        assertThat(s.value(0)).isEqualTo(900);
        s.dropBefore(T0.plusSeconds(950));
        assertThat(s.size()).isEqualTo(50);
        assertThat(s.oldest()).isEqualTo(T0.plusSeconds(950));
    }

    @Test
    void aMergeKeepsTheHeldReadingWhereBothHaveOne() {
        Series held = new Series();
        held.put(T0.plusSeconds(10), 99);
        held.put(T0.plusSeconds(30), 3);
        NavigableMap<Instant, Double> loaded = new TreeMap<>(Map.of(T0, 0.0, T0.plusSeconds(10), 1.0, T0.plusSeconds(20), 2.0));
        assertThat(held.mergedWith(Fixtures.series(loaded)).toMap()).containsExactly(Map.entry(T0, 0.0), Map.entry(T0.plusSeconds(10), 99.0),
                Map.entry(T0.plusSeconds(20), 2.0), Map.entry(T0.plusSeconds(30), 3.0));
    }

    @Test
    void aWindowIsTheReadingsWithinItsLengthBeforeTheReading() {
        Series s = new Series();
        for (int day = 0; day < 5; day++) {
            s.put(T0.plus(Duration.ofDays(day)), 10 + day);
        }
        Series.Extremes w = s.extremes(Duration.ofDays(2), 4);
        assertThat(w.count()).as("days 2 and 3: day 2 exactly two days before is inside, day 4 itself is not").isEqualTo(2);
        assertThat(w.lowest()).isEqualTo(12);
        assertThat(w.highest()).isEqualTo(13);
        assertThat(s.sorted(Duration.ofDays(2), 4).statistic(LevelStatistic.MEDIAN)).isEqualTo(12);
        assertThat(s.extremes(Duration.ofDays(2), 0).count()).isZero();
    }

    /** A weight rising for days, then falling: every reading in the window stays a candidate for one extreme. */
    @Test
    void extremesOfASteadyRiseAndFallAreTheWindowsEnds() {
        Series s = new Series();
        Duration length = Duration.ofHours(100);
        IntToDoubleFunction weight = i -> i <= 1000 ? i : 2000 - i;
        for (int i = 0; i < 2000; i++) {
            s.put(T0.plus(Duration.ofHours(i)), weight.applyAsDouble(i));
            Series.Extremes w = s.extremes(length, s.size() - 1);
            if (i >= 101) {
                // The window: readings i - 100 to i - 1; the peak, 1000, is reading 1000.
                double oldest = weight.applyAsDouble(i - 100);
                double newest = weight.applyAsDouble(i - 1);
                assertThat(w.count()).isEqualTo(100);
                assertThat(w.lowest()).as("lowest at %d", i).isEqualTo(Math.min(oldest, newest));
                assertThat(w.highest()).as("highest at %d", i).isEqualTo(i - 1 <= 1000 ? newest : i - 100 <= 1000 ? 1000 : oldest);
            }
            if (s.size() > 150) {
                s.dropOldest(1);
            }
        }
    }

    /**
     * The windows moved along must give what taking the window afresh gives, whatever happens
     * to the series between two readings: readings in order, a late one, a replaced value,
     * readings dropped and the arrays compacted, and windows of two lengths on one series.
     */
    @Test
    void aWindowMovedAlongAgreesWithTheWindowTakenAfresh() {
        Random random = new Random(23);
        Series s = new Series();
        TreeMap<Instant, Double> truth = new TreeMap<>();
        LevelStatistic p90 = new LevelStatistic(90);
        Duration[] lengths = {Duration.ofHours(3), Duration.ofHours(30)};
        Instant now = T0;
        for (int step = 0; step < 20_000; step++) {
            Instant ts;
            int dice = random.nextInt(100);
            if (dice < 3 && !truth.isEmpty()) {
                ts = now.minusSeconds(random.nextInt(36_000));
            } else if (dice < 5 && !truth.isEmpty()) {
                ts = truth.lastKey();
            } else {
                now = now.plusSeconds(60 + random.nextInt(600));
                ts = now;
            }
            double value = Math.round(random.nextGaussian() * 100) / 10.0;
            s.put(ts, value);
            truth.put(ts, value);
            if (truth.size() > 300 && random.nextInt(4) == 0) {
                int drop = 1 + random.nextInt(3);
                s.dropOldest(drop);
                for (int i = 0; i < drop; i++) {
                    truth.pollFirstEntry();
                }
            }
            int at = s.indexOf(ts);
            for (Duration length : lengths) {
                Series.Sorted sorted = s.sorted(length, at);
                Series.Extremes extremes = s.extremes(length, at);
                double[] expected = truth.subMap(ts.minus(length), true, ts, false).values().stream().mapToDouble(Double::doubleValue).toArray();
                assertThat(sorted.count()).as("count at step %d", step).isEqualTo(expected.length);
                assertThat(extremes.count()).as("count at step %d", step).isEqualTo(expected.length);
                if (expected.length > 0) {
                    assertThat(sorted.statistic(p90)).as("p90 at step %d", step).isEqualTo(p90.of(expected.clone(), expected.length));
                    assertThat(sorted.statistic(LevelStatistic.MEDIAN)).isEqualTo(LevelStatistic.MEDIAN.of(expected.clone(), expected.length));
                    assertThat(extremes.lowest()).as("lowest at step %d", step).isEqualTo(Arrays.stream(expected).min().orElseThrow());
                    assertThat(extremes.highest()).as("highest at step %d", step).isEqualTo(Arrays.stream(expected).max().orElseThrow());
                }
            }
        }
        assertThat(s.toMap()).isEqualTo(truth);
    }
}
