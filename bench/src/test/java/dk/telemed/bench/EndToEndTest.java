package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class EndToEndTest {
    private static EndToEnd.Run run(double target, double published, boolean keptUp) {
        Throughput t = new Throughput(1_000_000, published, published, published, 0, 10, false);
        return new EndToEnd.Run(target, t, keptUp, 0.8, 10, 0.2, 0.2, 0.6, 100, 900, null, Map.of(), 1_000_000, 1_000_000, "");
    }

    @Test
    void aRunTheLoadGeneratorHeldCountsAtItsTargetRate() {
        assertEquals(67_000, run(67_000, 66_204, true).heldRate());
    }

    @Test
    void aRunTheLoadGeneratorFellShortInCountsAtTheRateItPublished() {
        assertEquals(79_338, run(87_000, 79_338, true).heldRate());
    }

    @Test
    void theSustainedRunIsTheKeptUpRunThatHeldTheHighestRateNotTheHighestAskedFor() {
        EndToEnd.Run held = run(67_000, 66_204, true);
        EndToEnd.Run fellShort = run(87_000, 60_000, true);
        EndToEnd.Run fellBehind = run(75_000, 74_000, false);
        assertSame(held, EndToEnd.highestKeptUp(List.of(held, fellShort, fellBehind)));
        EndToEnd.Run fellShortHigher = run(87_000, 79_338, true);
        assertSame(fellShortHigher, EndToEnd.highestKeptUp(List.of(held, fellShortHigher, fellBehind)));
        assertNull(EndToEnd.highestKeptUp(List.of(fellBehind)));
    }
}
