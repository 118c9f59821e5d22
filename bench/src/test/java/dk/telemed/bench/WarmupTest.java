package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupTest {
    private static Warmup.Done run(Double... compilerCores) {
        Iterator<Double> cores = List.of(compilerCores).iterator();
        return Warmup.rounds(() -> new Warmup.Round(1_000, cores.next()));
    }

    @Test
    void roundsGoOnUntilTheCompilerHasSettledInOne() {
        Warmup.Done done = run(0.9, 0.4, 0.12, 0.06, 0.5);
        assertThat(done.rounds()).isEqualTo(4);
        assertThat(done.readings()).isEqualTo(4_000);
        assertThat(done.compilerCores()).isEqualTo(0.06);
        assertThat(done.settled()).isTrue();
        assertThat(Warmup.describe(done)).isEqualTo("4,000 readings in 4 rounds (JIT compiler 0.06 cores in the last)");
    }

    @Test
    void aCompilerThatNeverSettlesStopsTheWarmUpAfterTheLastRoundAndSaysSo() {
        Double[] busy = new Double[Warmup.MAX_ROUNDS + 5];
        java.util.Arrays.fill(busy, 0.3);
        Warmup.Done done = run(busy);
        assertThat(done.rounds()).isEqualTo(Warmup.MAX_ROUNDS);
        assertThat(done.settled()).isFalse();
        assertThat(Warmup.describe(done)).endsWith("(JIT compiler 0.30 cores in the last; not settled, measured anyway)");
    }

    @Test
    void oneSettledRoundIsEnough() {
        assertThat(run(0.02).rounds()).isEqualTo(1);
        assertThat(Warmup.describe(run(0.02))).isEqualTo("1,000 readings in 1 round (JIT compiler 0.02 cores in the last)");
    }
}
