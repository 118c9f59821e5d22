package dk.telemed.bench;

import dk.telemed.testsupport.GatewayProcess;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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

    /** One round: the readings it sent, and the cores the JIT compiler used meanwhile. */
    record Round(long readings, double compilerCores) {
    }

    /** @param round one stretch of load; returns the readings it sent, once the gateway has handled them */
    static Done untilCompiled(GatewayProcess gateway, LongSupplier round) {
        return rounds(() -> {
            Map<String, Long> before = ProcessStats.threadTicks(gateway.pid());
            long started = System.nanoTime();
            long readings = round.getAsLong();
            Map<String, Double> cores = ProcessStats.coresByGroup(before, ProcessStats.threadTicks(gateway.pid()),
                    (System.nanoTime() - started) / 1e9);
            return new Round(readings, cores.getOrDefault(ProcessStats.JIT_COMPILER, 0.0));
        });
    }

    /** Rounds of device-sim at {@link Settings#warmupRate(int)} for {@link Settings#warmup()} each, until compiled. */
    static Done withDeviceSim(BenchStack stack, GatewayProcess gateway, DeviceSim sim, Settings settings, int batch) {
        return untilCompiled(gateway, () -> {
            double before = Scrape.of(gateway).handled();
            DeviceSim.Report round = sim.start(stack.broker().url(), new DeviceSim.Run(Settings.PATIENTS, batch,
                            Settings.warmupRate(batch), settings.warmup().toSeconds(), 0, Settings.CONNECTIONS, "bench-warmup"))
                    .await(settings.warmup().plus(Duration.ofMinutes(2)));
            stack.await(() -> Scrape.of(gateway).handled() - before >= round.readingsAcked(), EndToEnd.DRAIN);
            return round.readingsAcked();
        });
    }

    /** Rounds until one ends with the compiler settled, or {@value #MAX_ROUNDS} have gone. */
    static Done rounds(Supplier<Round> round) {
        long readings = 0;
        Round last = null;
        int rounds = 0;
        while (rounds < MAX_ROUNDS) {
            last = round.get();
            readings += last.readings();
            rounds++;
            if (last.compilerCores() < SETTLED_CORES) {
                break;
            }
        }
        return new Done(readings, rounds, last == null ? Double.NaN : last.compilerCores());
    }

    /** For the log: "120,000 readings in 5 rounds (JIT compiler 0.06 cores in the last)". */
    static String describe(Done d) {
        return String.format("%s readings in %d round%s (JIT compiler %s cores in the last%s)", Log.n(d.readings()), d.rounds(),
                d.rounds() == 1 ? "" : "s", Log.d2(d.compilerCores()), d.settled() ? "" : "; not settled, measured anyway");
    }
}
