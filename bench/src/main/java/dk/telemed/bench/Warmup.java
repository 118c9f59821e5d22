package dk.telemed.bench;

import dk.telemed.testsupport.GatewayProcess;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Load for a fresh gateway until its JIT compiler has settled, unmeasured. A gateway compiles
 * for about a minute of CPU before its code is what it runs for days, and the compiler threads
 * take a core meanwhile: a figure taken earlier measures the compiler. Each round is one
 * stretch of load (the caller's, at an easy rate, ending with everything handled); the rounds
 * go on until the compiler used less than {@value #SETTLED_CORES} cores in one, or
 * {@value #MAX_ROUNDS} rounds have gone.
 */
final class Warmup {
    static final double SETTLED_CORES = 0.1;
    static final int MAX_ROUNDS = 10;

    /** What the warm-up came to. */
    record Done(long readings, int rounds, double compilerCores) {
        boolean settled() {
            return compilerCores < SETTLED_CORES;
        }
    }

    private Warmup() {
    }

    /** @param round one stretch of load; returns the readings it sent, once the gateway has handled them */
    static Done untilCompiled(GatewayProcess gateway, LongSupplier round) {
        long readings = 0;
        double compiler = Double.NaN;
        int rounds = 0;
        try (Cpu cpu = Cpu.watch(List.of(gateway.pid()), gateway.pid())) {
            while (rounds < MAX_ROUNDS) {
                cpu.markThreads();
                readings += round.getAsLong();
                rounds++;
                Map<String, Double> groups = cpu.threadsSinceMark();
                compiler = groups.getOrDefault(ProcessStats.JIT_COMPILER, 0.0);
                if (compiler < SETTLED_CORES) {
                    break;
                }
            }
        }
        return new Done(readings, rounds, compiler);
    }

    /** For the log: "120,000 readings in 5 rounds (JIT compiler 0.06 cores in the last)". */
    static String describe(Done d) {
        return String.format("%s readings in %d round%s (JIT compiler %s cores in the last%s)", Log.n(d.readings()), d.rounds(),
                d.rounds() == 1 ? "" : "s", Log.d2(d.compilerCores()), d.settled() ? "" : "; not settled, measured anyway");
    }
}
