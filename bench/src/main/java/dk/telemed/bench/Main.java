package dk.telemed.bench;

import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.ProjectRoot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * {@code java -jar bench/target/telemed-bench.jar [options]} (or {@code ./telemed bench}): runs
 * the measurements in order, writes {@code bench-DATE.json} and {@code bench-DATE.md} (and
 * copies them to {@code latest.*}), updates the README's benchmark figures after a full run,
 * and prints the Markdown. Only assembles; each measurement is its own class.
 */
public final class Main {
    static final List<String> PHASES = List.of("store", "broker", "gateway", "burst", "latency", "population", "failover", "catchup");
    static final String USAGE = """
            usage: java -jar bench/target/telemed-bench.jar [options]   (or: ./telemed bench [options])
              --quick             a shorter run (one repeat, shorter windows): a smoke check, rougher figures
              --only a,b          only these phases: store, broker, gateway, burst, latency, population, failover, catchup
              --no-profile        do not record the gateway with JFR during the throughput and catch-up runs
              --no-readme         do not copy the figures into README.md (done after a full run of every phase)
              --gateway-jar FILE  measure this gateway build instead of gateway/target/telemed-gateway.jar
              --gateway-jvm OPT   start the measured gateways with this JVM option too (repeatable), e.g. -XX:+UseBiasedLocking
              --out DIR           where the results go (default bench/results)
              --label TEXT        a note stored with the results (e.g. which build this is)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("telemed-bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.print(USAGE);
            return;
        }
        Layout layout = Layout.of(o.gatewayJar, o.out);
        System.setProperty(GatewayProcess.JAR_PROPERTY, layout.gatewayJar().toString());
        System.setProperty(ProjectRoot.PROPERTY, layout.root().toString());
        System.setProperty(BenchStack.GATEWAY_JVM_PROPERTY, String.join(" ", o.gatewayJvm));
        Results results = new Main().run(layout, Settings.of(o.quick, layout.config("gateway.yaml")), o);
        Path md = Report.write(results, layout.results());
        System.out.print(Report.markdown(results));
        System.err.println("telemed-bench: results in " + md + " and .json (also latest.md, latest.json)");
        if (!o.quick && o.phases.size() == PHASES.size() && !o.noReadme && o.gatewayJar == null && o.gatewayJvm.isEmpty()) {
            ReadmeSection.update(layout.root().resolve("README.md"), results, layout.root().relativize(md));
            System.err.println("telemed-bench: README.md's Benchmark section now shows these figures");
        }
        System.exit(results.notes().stream().anyMatch(n -> n.startsWith("FAILED")) ? 1 : 0);
    }

    private Results run(Layout layout, Settings settings, Options o) {
        long started = System.nanoTime();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String date = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String stamp = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        Log log = new Log(System.err);
        layout.clearWork();
        Machine machine = Machine.describe();
        List<String> notes = new ArrayList<>();
        log.line("telemed bench (%s) on %d cores, %.1f GiB; load average %s; gateway %s", settings.quick() ? "quick" : "full",
                machine.cores(), machine.memoryGiB(), machine.loadAtStart(), layout.gatewayJar());
        if (Machine.load1() > machine.cores() / 2.0) {
            String busy = "The machine was busy when the run started (load average " + machine.loadAtStart() + " on "
                    + machine.cores() + " cores): figures are lower and spread wider than on a quiet machine.";
            log.line("NOTE: %s", busy);
            notes.add(busy);
        }
        DeviceSim.Registry registry = registry(layout);
        Latency.AlertSupport alerts = new Latency.AlertSupport(hasRules(layout.gatewayJar()));

        List<Results.Phase> phases = new ArrayList<>();
        StoreLimit.Result store = phase(o, "store", "raw store limit", log, notes, phases, () -> StoreLimit.measure(layout, settings, log));
        List<BrokerLimit.Result> broker = phase(o, "broker", "raw broker limit", log, notes, phases, () ->
                Settings.MODES.stream().map(b -> BrokerLimit.measure(layout, settings, b, log)).toList());
        List<EndToEnd.Result> gateway = phase(o, "gateway", "gateway end to end", log, notes, phases, () ->
                Settings.MODES.stream().map(b -> EndToEnd.measure(layout, settings, registry.file(), b,
                        o.profile ? layout.work().resolve("profile-" + Log.mode(b).replace(' ', '-') + ".jfr") : null, log)).toList());
        Burst.Result burst = phase(o, "burst", "burst, interleaved and lean raw broker", log, notes, phases, () ->
                Burst.measure(layout, settings, o.profile ? layout.work().resolve("profile-burst.jfr") : null, log));
        List<Latency.Result> latency = phase(o, "latency", "latency", log, notes, phases, () ->
                Latency.measure(layout, settings, registry.file(), levels(settings, gateway, notes), alerts, log));
        Population.Result population = phase(o, "population", "population", log, notes, phases,
                () -> Population.measure(layout, settings, log));
        Failover.Result failover = phase(o, "failover", "failover", log, notes, phases, () ->
                Failover.measure(layout, settings, registry.file(), log));
        Catchup.Result catchup = phase(o, "catchup", "catch-up after an outage", log, notes, phases, () ->
                Catchup.measure(layout, o.profile ? layout.work().resolve("profile-catchup.jfr") : null, log));
        double minutes = (System.nanoTime() - started) / 60e9;
        notes.addAll(log.warnings());
        return new Results(date, stamp, o.label, machine, Machine.loadAverage(), settings,
                String.join(" ", Stream.concat(Stream.of(layout.root().relativize(layout.gatewayJar()).toString()), o.gatewayJvm.stream()).toList()),
                registry.patients() - 1, registry.devices() - 1,
                phases, store, broker, gateway, latency, population, failover, burst, catchup, minutes, notes);
    }

    /** Latency at 1,000 readings/s, and near the maximum of each mode when the throughput was measured in this run. */
    private static List<Latency.Level> levels(Settings settings, List<EndToEnd.Result> gateway, List<String> notes) {
        List<Latency.Level> levels = new ArrayList<>();
        for (int batch : Settings.MODES) {
            levels.add(new Latency.Level("moderate", Settings.MODERATE_RATE, batch));
        }
        if (gateway == null) {
            notes.add("Latency near the maximum was not measured: it needs the end-to-end throughput of the same run.");
            return levels;
        }
        for (EndToEnd.Result g : gateway) {
            double max = Double.isNaN(g.sustainedPerSecond()) ? g.overloadPerSecond().median() : g.sustainedPerSecond();
            if (Double.isNaN(max)) {
                continue;
            }
            double rate = Math.floor(settings.nearMaxShare() * max / 100) * 100;
            levels.add(new Latency.Level("near max (" + Math.round(settings.nearMaxShare() * 100) + " %)", rate, g.batch()));
        }
        return levels;
    }

    private static <T> T phase(Options o, String name, String title, Log log, List<String> notes, List<Results.Phase> phases,
                               Supplier<T> body) {
        if (!o.phases.contains(name)) {
            return null;
        }
        String loadBefore = Machine.loadAverage();
        long t0 = System.nanoTime();
        log.line("%s (load average %s)", title, loadBefore);
        boolean ok = false;
        try {
            T result = body.get();
            ok = true;
            return result;
        } catch (RuntimeException e) {
            log.line("FAILED: %s: %s", title, e);
            notes.add("FAILED: " + title + ": " + e.getMessage());
            return null;
        } finally {
            phases.add(new Results.Phase(name, loadBefore, Machine.loadAverage(), (System.nanoTime() - t0) / 60e9, ok));
        }
    }

    /** The benchmark's patients plus the probe patient, in .telemed/bench/registry/patients.yaml. */
    private static DeviceSim.Registry registry(Layout layout) {
        Path dir = layout.work().resolve("registry");
        DeviceSim.Registry r = new DeviceSim(layout.deviceSimJar(), dir).registry(Settings.PATIENTS, dir.resolve("patients.yaml"));
        try {
            String text = Files.readString(r.file());
            Files.writeString(r.file(), (text.endsWith("\n") ? "" : "\n") + Probe.registryEntry(), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the probe patient to " + r.file(), e);
        }
        return new DeviceSim.Registry(r.file(), r.patients() + 1, r.devices() + 1);
    }

    /** Whether the gateway jar holds the alert rules engine (the rules package). */
    static boolean hasRules(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> e.getName().startsWith("dk/telemed/gateway/rules/"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The command line. */
    static final class Options {
        boolean quick;
        boolean profile = true;
        boolean noReadme;
        boolean help;
        Set<String> phases = new LinkedHashSet<>(PHASES);
        Path gatewayJar;
        final List<String> gatewayJvm = new ArrayList<>();
        Path out;
        String label = "";

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> o.quick = true;
                    case "--no-profile" -> o.profile = false;
                    case "--no-readme" -> o.noReadme = true;
                    case "--help", "-h" -> o.help = true;
                    case "--only" -> {
                        o.phases = new LinkedHashSet<>(Arrays.asList(value(args, ++i, "--only").split(",")));
                        List<String> unknown = o.phases.stream().filter(p -> !PHASES.contains(p)).toList();
                        if (!unknown.isEmpty()) {
                            throw new IllegalArgumentException("unknown phase(s) " + unknown + "; known: " + PHASES);
                        }
                    }
                    case "--gateway-jar" -> o.gatewayJar = Path.of(value(args, ++i, "--gateway-jar"));
                    case "--gateway-jvm" -> o.gatewayJvm.add(value(args, ++i, "--gateway-jvm"));
                    case "--out" -> o.out = Path.of(value(args, ++i, "--out"));
                    case "--label" -> o.label = value(args, ++i, "--label");
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
