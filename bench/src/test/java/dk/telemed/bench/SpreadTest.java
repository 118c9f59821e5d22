package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadTest {
    @Test
    void medianAndRangeOfRepeatedRuns() {
        Spread s = Spread.of(List.of(90.0, 110.0, 100.0));
        assertThat(s.median()).isEqualTo(100);
        assertThat(s.min()).isEqualTo(90);
        assertThat(s.max()).isEqualTo(110);
        assertThat(s.relativeRange()).isEqualTo(0.2);
    }

    @Test
    void anEvenNumberOfRunsTakesTheMiddleTwo() {
        assertThat(Spread.of(List.of(1.0, 2.0, 3.0, 10.0)).median()).isEqualTo(2.5);
    }

    @Test
    void runsWithoutAFigureAreLeftOut() {
        assertThat(Spread.of(List.of(Double.NaN, 4.0)).runs()).isEqualTo(1);
    }
}
