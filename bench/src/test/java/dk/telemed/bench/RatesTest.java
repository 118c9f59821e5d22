package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RatesTest {
    static final long S = 1_000_000_000L;
    // 0 at t=0, 100 at t=1 s, 300 at t=2 s, then flat.
    final List<Rates.Sample> counter = List.of(new Rates.Sample(0, 0), new Rates.Sample(S, 100), new Rates.Sample(2 * S, 300),
            new Rates.Sample(3 * S, 300));

    @Test
    void valuesBetweenSamplesAreInterpolated() {
        assertThat(Rates.valueAt(counter, S / 2)).isEqualTo(50);
        assertThat(Rates.valueAt(counter, 3 * S / 2)).isEqualTo(200);
        assertThat(Rates.valueAt(counter, -S)).isEqualTo(0);
        assertThat(Rates.valueAt(counter, 9 * S)).isEqualTo(300);
    }

    @Test
    void aRateNeedNotStartOrEndOnASample() {
        assertThat(Rates.perSecond(counter, S / 2, 3 * S / 2)).isEqualTo(150);
        assertThat(Rates.perSecond(counter, 0, 3 * S)).isEqualTo(100);
    }

    @Test
    void theMomentACountIsReached() {
        assertThat(Rates.firstReaching(counter, 200)).hasValue(3 * S / 2);
        assertThat(Rates.firstReaching(counter, 301)).isEmpty();
    }

    @Test
    void theLargestValueWithinAWindow() {
        assertThat(Rates.maxWithin(counter, 0, S)).isEqualTo(100);
        assertThat(Rates.maxWithin(counter, 5 * S, 6 * S)).isNaN();
    }

    @Test
    void throughputMeasuresFromAfterStartUpToTheEndOfPublishing() {
        // 10 s of publishing 1,000/s; the consumer takes 800/s and catches up 2.5 s after the end.
        List<Rates.Sample> consumed = List.of(new Rates.Sample(0, 0), new Rates.Sample(10 * S, 8_000),
                new Rates.Sample(12_500_000_000L, 10_000));
        Throughput t = Throughput.of(consumed, 0, 10 * S, 10_000, 1_000);
        assertThat(t.sustainedPerSecond()).isCloseTo(800, within(1e-6));
        assertThat(t.windowSeconds()).isCloseTo(8, within(1e-6));
        assertThat(t.behindAtEnd()).isEqualTo(2_000);
        assertThat(t.overallPerSecond()).isCloseTo(800, within(1e-6));
        assertThat(t.publisherBound()).isFalse();
    }
}
