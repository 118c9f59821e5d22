package dk.telemed.bench;

import dk.telemed.testsupport.GatewayProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's memory with many devices, on one gateway (heap 256 MiB) whose registry grows:
 * first {@link Settings#dedupFill()} single-reading messages, so the duplicate filter
 * ({@code ingest.dedupCapacity} msgIds, a fixed amount of memory whatever the population) is
 * full, as in a gateway that has run for a day; then for each population (smallest first) the
 * registry file is replaced by device-sim's registry of that size (the gateway reloads it),
 * every device sends one reading per {@link Settings#secondsPerReading()} s, as many readings as
 * {@link Settings#populationRun()} at that rate makes — a home device sends a few a day;
 * compressed so every device is heard from within the run — and, once the gateway has
 * acknowledged every message, a full GC ({@code jcmd PID GC.run}), the heap
 * in use from /metrics and the resident set from /proc. Memory per device is the difference
 * between the populations over the difference in devices.
 *
 * <p>Devices publish through up to {@value #MAX_CONNECTIONS} MQTT connections (device-sim's
 * home hubs), not one connection each: the gateway holds a single connection to the broker
 * whatever the number of devices, so its memory per device does not depend on how devices reach
 * the broker; 100,000 device connections would measure Mosquitto and the load generator (a
 * Paho client per connection), not the gateway.
 */
public final class Population {
    static final int MAX_CONNECTIONS = 64;
    static final double DEVICES_PER_PATIENT = 2.91;
    /** The duplicate filter is filled at this many messages/s, well within the gateway's single-message rate. */
    static final double FILL_RATE = 6_000;

    /** One population. */
    public record Run(int patients, int devices, int connections, double readingsPerSecond, long readings,
                      double heapAfterGcMiB, double maxHeapMiB, double rssMiB, double peakRssMiB, double gatewayCores,
                      List<String> largestClasses, String loadAverage) {
    }

    /** All populations and what one more device costs. */
    public record Result(List<Run> runs, int secondsPerReadingPerDevice, long dedupFill, double heapBytesPerDevice,
                         double rssBytesPerDevice) {
    }

    private Population() {
    }

    public static Result measure(Layout layout, Settings settings, Log log) {
        Path dir = layout.work().resolve("population");
        DeviceSim sim = new DeviceSim(layout.deviceSimJar(), dir.resolve("sim"));
        List<DeviceSim.Registry> registries = new ArrayList<>();
        for (int target : settings.populations()) {
            int patients = (int) Math.ceil(target / DEVICES_PER_PATIENT);
            registries.add(sim.registry(patients, dir.resolve("patients-" + target + ".yaml")));
        }
        Path registry = dir.resolve("patients.yaml");
        copy(registries.get(0).file(), registry);
        List<Run> runs = new ArrayList<>();
        long filled;
        try (BenchStack stack = BenchStack.start("population", dir.resolve("stack"), log)) {
            GatewayProcess gateway = stack.startGateway("bench-gateway", registry, Map.of(), List.of());
            int fillPatients = registries.get(0).patients();
            DeviceSim.Report fill = sim.start(stack.broker().url(), new DeviceSim.Run(fillPatients, 1, FILL_RATE, 0,
                    settings.dedupFill(), Settings.CONNECTIONS, "bench-fill")).await(Duration.ofMinutes(10));
            stack.await(() -> Scrape.of(gateway).handled() >= fill.readingsAcked(), EndToEnd.DRAIN);
            filled = fill.messagesAcked();
            log.line("  population: duplicate filter filled with %s messages", Log.n(filled));
            for (int i = 0; i < registries.size(); i++) {
                DeviceSim.Registry r = registries.get(i);
                if (i > 0 && !reload(stack, gateway, r, registry, log)) {
                    break;
                }
                runs.add(once(stack, gateway, sim, settings, r, log));
            }
        }
        Run small = runs.get(0);
        Run large = runs.get(runs.size() - 1);
        double devices = large.devices() - small.devices();
        return new Result(runs, settings.secondsPerReading(), filled,
                devices <= 0 ? Double.NaN : (large.heapAfterGcMiB() - small.heapAfterGcMiB()) * 1048576.0 / devices,
                devices <= 0 ? Double.NaN : (large.rssMiB() - small.rssMiB()) * 1048576.0 / devices);
    }

    private static Run once(BenchStack stack, GatewayProcess gateway, DeviceSim sim, Settings settings, DeviceSim.Registry registry,
                            Log log) {
        int connections = Math.min(MAX_CONNECTIONS, registry.patients());
        double rate = registry.devices() / (double) settings.secondsPerReading();
        log.line("  population %s devices: %s readings/s over %d connections for %d s", Log.n(registry.devices()), Log.d1(rate),
                connections, settings.populationRun().toSeconds());
        double handledBefore = Scrape.of(gateway).handled();
        try (Sampler<Scrape> scrapes = Sampler.start("gateway", 1000, () -> Scrape.of(gateway).withoutText());
             Cpu cpu = Cpu.watch(List.of(gateway.pid()))) {
            long start = System.nanoTime();
            // As many readings as the run's length at this rate, rather than the run's length: on a
            // busy machine device-sim falls behind the rate, and a run cut off at its length left
            // most devices unheard (21,832 of 99,707 readings once), so the heap measured
            // depended on the machine's load instead of on the population.
            long readings = Math.round(rate * settings.populationRun().toSeconds());
            DeviceSim.Report report = sim.start(stack.broker().url(), new DeviceSim.Run(registry.patients(), 0, rate,
                    settings.populationRun().toSeconds(), readings, connections, "bench-hub"))
                    .await(settings.populationRun().plus(Duration.ofMinutes(5)));
            // Stored is not yet judged: a message is acknowledged once the rules are done with
            // it, and only then is what the rules keep per device all in the heap.
            stack.await(() -> {
                Scrape now = Scrape.of(gateway);
                return now.handled() - handledBefore >= report.readingsAcked() && now.unacknowledged() == 0;
            }, EndToEnd.DRAIN);
            long end = System.nanoTime();
            double maxHeap = scrapes.samples().stream().mapToDouble(Scrape::heapUsed).max().orElse(Double.NaN) / 1048576.0;
            double cores = cpu.cores(0, start, end);
            fullGc(gateway.pid());
            BenchStack.sleep(1_000);
            double heap = Scrape.of(gateway).heapUsed() / 1048576.0;
            ProcessStats.Snapshot mem = ProcessStats.read(gateway.pid());
            Run run = new Run(registry.patients(), registry.devices(), connections, report.readingsPerSecond(), report.readingsAcked(),
                    heap, maxHeap, mem.rssKiB() / 1024.0, mem.peakRssKiB() / 1024.0, cores, largestClasses(gateway.pid()),
                    Machine.loadAverage());
            log.line("  population %s devices: heap after GC %s MiB (at most %s MiB in use), RSS %s MiB, peak %s MiB",
                    Log.n(run.devices()), Log.d1(run.heapAfterGcMiB()), Log.d1(run.maxHeapMiB()), Log.d1(run.rssMiB()),
                    Log.d1(run.peakRssMiB()));
            return run;
        }
    }

    /**
     * Replaces the gateway's registry file and waits until its log says it reloaded that many
     * patients; false (and a warning with the gateway's reason) when it refused the file.
     */
    private static boolean reload(BenchStack stack, GatewayProcess gateway, DeviceSim.Registry next, Path registry, Log log) {
        copy(next.file(), registry);
        String expected = "reloaded: " + next.patients() + " patients";
        String refused = "registry reload rejected";
        stack.await(() -> gateway.log().contains(expected) || gateway.log().contains(refused), Duration.ofSeconds(90));
        String text = gateway.log();
        if (text.contains(expected)) {
            return true;
        }
        int at = text.indexOf(refused);
        String why = at < 0 ? "no reload within 90 s"
                : String.join(" ", text.substring(at).lines().limit(2).toList());
        log.warn("population: the gateway did not take the registry of %s devices (%s patients): %s", Log.n(next.devices()),
                Log.n(next.patients()), why.replaceAll("\\s+", " "));
        return false;
    }

    private static void copy(Path from, Path to) {
        try {
            Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to, e);
        }
    }

    /** {@code jcmd PID GC.run}: a full collection, so the heap in use is what is live. */
    static void fullGc(long pid) {
        jcmd(pid, "GC.run");
    }

    /**
     * The classes holding the most live heap ({@code jcmd PID GC.class_histogram}, which runs a
     * full GC first), as "MiB class" lines: what the memory per device is made of.
     */
    static List<String> largestClasses(long pid) {
        return jcmd(pid, "GC.class_histogram").lines()
                .map(String::strip)
                .filter(l -> l.matches("\\d+:\\s+\\d+\\s+\\d+\\s+.*"))
                .limit(8)
                .map(l -> {
                    String[] f = l.split("\\s+");
                    return String.format(java.util.Locale.ROOT, "%.1f MiB %s (%s)", Long.parseLong(f[2]) / 1048576.0, f[3], f[1]);
                })
                .toList();
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
