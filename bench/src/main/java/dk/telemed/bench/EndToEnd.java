package dk.telemed.bench;

import dk.telemed.testsupport.GatewayProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The gateway's throughput: device-sim publishing at QoS 1 → Mosquitto → gateway → InfluxDB,
 * each message acknowledged only after its readings are written. The gateway (heap 256 MiB,
 * the shipped settings) first gets rounds of {@link Settings#warmup()} of load at a fixed, easy
 * rate, unmeasured, until its JIT compiler has settled ({@link Warmup}), so the figures are those
 * of a gateway whose code is compiled. Then, on the same gateway:
 * <ol>
 * <li><b>overload</b>: one short run with device-sim publishing at
 * {@link Settings#overloadRate(int)}, above what the gateway does; the rate stored meanwhile is
 * what it does when devices outpace it (the broker holds the rest), on cores the load generator
 * competes for. It is kept short and capped on purpose: a gateway that falls behind takes in more
 * than its Receive Maximum (see the report's notes);</li>
 * <li><b>sustained</b>: runs at fixed rates, from the overload rate up by {@value #UP} (or down
 * by {@value #DOWN} if it did not keep up there), at most {@link Settings#maxSteps()} runs,
 * refining once between the last rate kept up with and the first one that was not. The gateway
 * keeps up when at most a second's worth of readings (or 2 %) is left when publishing ends, and
 * the rate stored is within {@value #KEEP_UP_SHARE} of the rate published. The highest such rate
 * is the sustained throughput.</li>
 * </ol>
 * Readings stored are read from the gateway's {@code telemed_readings_stored_total} four times a
 * second, and every run is checked against InfluxDB's own count.
 */
public final class EndToEnd {
    static final double UP = 1.3;
    static final double DOWN = 0.8;
    static final double KEEP_UP_SHARE = 0.97;
    static final Duration DRAIN = Duration.ofSeconds(90);

    /**
     * The runs of one mode.
     *
     * @param sustainedPerSecond the highest fixed rate the gateway kept up with (NaN when none); see {@link Run#heldRate}
     * @param sustainedNote      how the search ended
     */
    public record Result(int batch, List<Run> overload, Spread overloadPerSecond, List<Run> steps, double sustainedPerSecond,
                         String sustainedNote, double peakRssMiB, JfrSummary profile) {
        /** The run at the sustained rate, for its CPU and memory figures. */
        public Run sustainedRun() {
            return highestKeptUp(steps);
        }
    }

    /**
     * One run.
     *
     * @param targetRate                 readings/s asked of device-sim; 0 for as fast as it can
     * @param keptUp                     see the class comment
     * @param gatewayCores               average cores the gateway used over the measured window
     * @param gatewayCpuMicrosPerReading gateway CPU time per reading stored in that window
     * @param maxHeapMiB                 the most heap in use seen on /metrics during the run (before any GC)
     * @param maxUnacknowledged          the most messages the gateway held unacknowledged during the run
     * @param receiptToStoredMs          the gateway's own receipt → stored timer over the run (histogram buckets)
     * @param threads                    the gateway's cores by thread group over the run
     * @param storedInInflux             InfluxDB's count after the run, minus before
     * @param storedByGateway            the gateway's telemed_readings_stored_total over the run (must equal the above)
     */
    public record Run(double targetRate, Throughput readings, boolean keptUp, double gatewayCores, double gatewayCpuMicrosPerReading,
                      double brokerCores, double influxCores, double deviceSimCores, double maxHeapMiB, double maxUnacknowledged,
                      Percentiles receiptToStoredMs, Map<String, Double> threads, long storedInInflux, long storedByGateway, String loadAverage) {
        /**
         * The fixed rate this run held: the rate asked of device-sim, or, when device-sim
         * published less than {@value #KEEP_UP_SHARE} of it, the rate it did publish. A run the
         * load generator fell short in shows what the gateway kept up with, not what was asked.
         */
        public double heldRate() {
            double published = readings.publishedPerSecond();
            return published >= KEEP_UP_SHARE * targetRate ? targetRate : published;
        }
    }

    /** The run, of those the gateway kept up in, that held the highest rate; null when it kept up in none. */
    static Run highestKeptUp(List<Run> steps) {
        return steps.stream().filter(Run::keptUp).max(Comparator.comparingDouble(Run::heldRate)).orElse(null);
    }

    private EndToEnd() {
    }

    /**
     * @param jfr where the gateway writes a JFR recording of the whole measurement (warm-up
     *            included), or null for none
     */
    public static Result measure(Layout layout, Settings settings, Path registry, int batch, Path jfr, Log log) {
        Path dir = layout.work().resolve("end-to-end");
        List<String> jvmArgs = jfr == null ? List.of()
                : List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        List<Run> overload = new ArrayList<>();
        List<Run> steps = new ArrayList<>();
        double peakRss;
        String note;
        try (BenchStack stack = BenchStack.start("end to end, " + Log.mode(batch), dir, log)) {
            GatewayProcess gateway = stack.startGateway("bench-gateway", registry, Map.of(), jvmArgs);
            DeviceSim sim = new DeviceSim(layout.deviceSimJar(), dir.resolve("sim"));
            Warmup.Done warm = Warmup.withDeviceSim(stack, gateway, sim, settings, batch);
            log.line("  gateway, %s: warmed up at %s readings/s with %s", Log.mode(batch), Log.n(Settings.warmupRate(batch)),
                    Warmup.describe(warm));
            Run over = once(stack, gateway, sim, batch, Settings.overloadRate(batch), settings.overloadRun(), log);
            overload.add(over);
            log.line("  gateway, %s, overload: %s readings/s stored while device-sim published %s/s (%s behind at its end);"
                            + " gateway %s cores, %s µs CPU/reading, heap ≤ %s MiB, ≤ %s messages unacknowledged",
                    Log.mode(batch), Log.n(over.readings().sustainedPerSecond()), Log.n(over.readings().publishedPerSecond()),
                    Log.n(over.readings().behindAtEnd()), Log.d2(over.gatewayCores()), Log.d1(over.gatewayCpuMicrosPerReading()),
                    Log.n(over.maxHeapMiB()), Log.n(over.maxUnacknowledged()));
            check(over, log);
            note = search(stack, gateway, sim, settings, batch, over.readings().sustainedPerSecond(), steps, log);
            peakRss = ProcessStats.read(gateway.pid()).peakRssKiB() / 1024.0;
        }
        // The gateway writes its recording when it stops, which closing the stack did.
        JfrSummary profile = jfr != null && Files.isRegularFile(jfr) ? JfrSummary.of(jfr) : null;
        Run best = highestKeptUp(steps);
        return new Result(batch, overload, Spread.of(overload.stream().map(r -> r.readings().sustainedPerSecond()).toList()), steps,
                best == null ? Double.NaN : best.heldRate(), note, peakRss, profile);
    }

    /** Fixed-rate runs up (or down) from the overload rate while the gateway keeps up, refining once. */
    private static String search(BenchStack stack, GatewayProcess gateway, DeviceSim sim, Settings settings, int batch,
                                 double overloadRate, List<Run> steps, Log log) {
        double rate = round(overloadRate);
        double keptUp = Double.NaN;
        double fellBehind = Double.NaN;
        for (int step = 0; step < settings.maxSteps(); step++) {
            Run run = once(stack, gateway, sim, batch, rate, settings.throughputRun(), log);
            steps.add(run);
            log.line("  gateway, %s, at %s readings/s: %s (stored %s/s, published %s/s, %s behind at the end; gateway %s cores,"
                            + " ≤ %s messages unacknowledged)",
                    Log.mode(batch), Log.n(rate), run.keptUp() ? "kept up" : "fell behind", Log.n(run.readings().sustainedPerSecond()),
                    Log.n(run.readings().publishedPerSecond()), Log.n(run.readings().behindAtEnd()), Log.d2(run.gatewayCores()),
                    Log.n(run.maxUnacknowledged()));
            check(run, log);
            if (run.readings().publishedPerSecond() < KEEP_UP_SHARE * rate) {
                return "device-sim could not publish faster than " + Log.n(run.readings().publishedPerSecond())
                        + " readings/s here: the load generator, not the gateway, ended the search";
            }
            if (run.keptUp()) {
                keptUp = Double.isNaN(keptUp) ? rate : Math.max(keptUp, rate);
            } else {
                fellBehind = Double.isNaN(fellBehind) ? rate : Math.min(fellBehind, rate);
            }
            double next;
            if (Double.isNaN(fellBehind)) {
                next = round(rate * UP);
            } else if (Double.isNaN(keptUp)) {
                next = round(rate * DOWN);
            } else {
                next = round((keptUp + fellBehind) / 2);
                if (next <= keptUp || next >= fellBehind) {
                    break;
                }
            }
            rate = next;
        }
        if (Double.isNaN(keptUp)) {
            return "did not keep up at any rate tried (lowest " + Log.n(fellBehind) + " readings/s)";
        }
        if (Double.isNaN(fellBehind)) {
            return "still keeping up at " + Log.n(keptUp) + " readings/s after " + settings.maxSteps()
                    + " steps: the sustained rate is at least this";
        }
        return "kept up at " + Log.n(keptUp) + " readings/s, fell behind at " + Log.n(fellBehind);
    }

    private static double round(double rate) {
        double unit = rate >= 10_000 ? 1000 : 100;
        return Math.max(unit, Math.floor(rate / unit) * unit);
    }

    private static void check(Run run, Log log) {
        if (run.storedInInflux() != run.storedByGateway()) {
            log.warn("InfluxDB holds %d new points, the gateway says it stored %d", run.storedInInflux(), run.storedByGateway());
        }
    }

    private static Run once(BenchStack stack, GatewayProcess gateway, DeviceSim sim, int batch, double rate, Duration length,
                            Log log) {
        Scrape before = Scrape.of(gateway);
        long influxBefore = stack.stored("");
        try (Sampler<Scrape> scrapes = Sampler.start("gateway", 250, () -> Scrape.of(gateway).withoutText())) {
            DeviceSim.Running run = sim.start(stack.broker().url(), new DeviceSim.Run(Settings.PATIENTS, batch,
                    rate, length.toSeconds(), 0, Settings.CONNECTIONS, "bench-load"));
            try (Cpu cpu = Cpu.watch(List.of(gateway.pid(), stack.broker().pid(), stack.influx().pid(), run.pid()), gateway.pid())) {
                cpu.markThreads();
                DeviceSim.Report report = run.await(length.plus(Duration.ofMinutes(2)));
                boolean caughtUp = stack.await(() -> {
                    Scrape last = scrapes.last();
                    return last != null && last.handled() - before.handled() >= report.readingsAcked();
                }, DRAIN);
                // Stored is not done: a message is acknowledged after the rules have seen it too. The next
                // run starts from a gateway that holds nothing.
                boolean drained = caughtUp && stack.await(() -> scrapes.last().unacknowledged() == 0, DRAIN);
                Map<String, Double> threads = cpu.threadsSinceMark();
                List<Rates.Sample> stored = scrapes.samples().stream()
                        .map(s -> new Rates.Sample(s.nanos(), s.handled() - before.handled())).toList();
                Throughput t = Throughput.of(stored, report);
                long to = Clock.nanosOf(report.endedAt());
                long from = to - (long) (t.windowSeconds() * 1e9);
                double gatewayCpu = cpu.cpuSeconds(0, from, to);
                double storedInWindow = Rates.valueAt(stored, to) - Rates.valueAt(stored, from);
                double maxHeap = scrapes.samples().stream().mapToDouble(Scrape::heapUsed).max().orElse(Double.NaN) / 1048576.0;
                double maxUnacked = scrapes.samples().stream().mapToDouble(Scrape::unacknowledged).max().orElse(Double.NaN);
                boolean keptUp = t.behindAtEnd() <= Math.max(rate, 0.02 * t.readings())
                        && t.sustainedPerSecond() >= KEEP_UP_SHARE * t.publishedPerSecond();
                if (!drained) {
                    log.warn("end to end, %s: %s s after a run at %s readings/s ended, the gateway still held %s messages"
                                    + " unacknowledged (%s readings not stored); the next run starts with that backlog",
                            Log.mode(batch), DRAIN.toSeconds(), Log.n(rate), Log.n(scrapes.last().unacknowledged()),
                            Log.n(report.readingsAcked() - (scrapes.last().handled() - before.handled())));
                }
                Scrape after = Scrape.of(gateway);
                return new Run(rate, t, keptUp, cpu.cores(0, from, to), gatewayCpu * 1e6 / storedInWindow, cpu.cores(1, from, to),
                        cpu.cores(2, from, to), cpu.cores(3, from, to), maxHeap, maxUnacked,
                        HistogramDelta.percentilesMs(before.text(), after.text(), Latency.HISTOGRAM), threads,
                        stack.stored("") - influxBefore, Math.round(after.stored() - before.stored()),
                        Machine.loadAverage());
            }
        }
    }
}
