package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {
    @Test
    void nearestRankGivesAnObservedValue() {
        double[] oneToHundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        Percentiles p = Percentiles.of(oneToHundred);
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50);
        assertThat(p.p99()).isEqualTo(99);
        assertThat(p.max()).isEqualTo(100);
        assertThat(p.mean()).isEqualTo(50.5);
    }

    @Test
    void withFewSamplesP99IsTheMaximum() {
        Percentiles p = Percentiles.of(List.of(3.0, 1.0, 2.0));
        assertThat(p.p50()).isEqualTo(2);
        assertThat(p.p99()).isEqualTo(3);
    }

    @Test
    void p99OfThreeHundredIsTheTwoHundredNinetySeventhSmallest() {
        double[] samples = IntStream.rangeClosed(1, 300).asDoubleStream().map(i -> 301 - i).toArray();
        assertThat(Percentiles.of(samples).p99()).isEqualTo(297);
    }

    @Test
    void noSamplesNoFigures() {
        assertThat(Percentiles.of(new double[0]).count()).isZero();
        assertThat(Percentiles.of(new double[0]).p99()).isNaN();
    }
}
