package dk.telemed.bench;

import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MosquittoServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The shapes of load the fixed-rate search does not make, each with {@link LeanPublisher}s,
 * which cost a fraction of a core, as the load:
 * <ol>
 * <li><b>raw ceiling</b>: {@value #PUBLISHERS} lean publishers to a fresh Mosquitto and one plain
 * subscriber (the one of {@link BrokerLimit}); their CPU is reported, so a ceiling set by the
 * publishers shows as such. Each gateway burst follows one of these straight away, with the
 * same publishers and packing: a pair measured under the same conditions of the machine;</li>
 * <li><b>burst</b>: {@value #DEVICES} devices (one patient each, each device's readings in time
 * order) published as fast as the broker takes them through the gateway; the rate it stores
 * meanwhile and until the last one is in InfluxDB, every one counted there;</li>
 * <li><b>interleaved</b>: one patient's readings of the last hour, first from one device in time
 * order, then (another patient) from two devices on two connections, the readings of the two
 * interleaved in time: readings/s until all are stored, and the ratio of the two.</li>
 * </ol>
 */
public final class Burst {
    static final int DEVICES = 1000;
    static final int PUBLISHERS = 2;
    /** The interleaved row passes at half the in-order rate or more. */
    static final double TARGET_INTERLEAVED_SHARE = 0.5;
    /** Readings/s the gateway stores while publishers send batches of 20 as fast as the broker takes them. */
    static final double TARGET_BATCH_READINGS_PER_SECOND = 100_000;
    /** The gateway's messages/s under a burst of single-reading messages ÷ the raw broker's with the same publishers. */
    static final double TARGET_SINGLE_SHARE = 0.8;
    static final String ORDER_PATIENT = "bench-order";
    static final String INTERLEAVED_PATIENT = "bench-interleaved";
    static final Duration TIMEOUT = Duration.ofMinutes(4);
    /**
     * Pairs of the raw ceiling and the gateway's burst with single-reading messages, judged by
     * the median of their ratios. On this shared 2-core machine either rate of one pair moves by
     * a fifth to a third from one run to the next, with the same code. A change in the machine's
     * load moves both rates of a pair measured back to back alike, and the median of three pairs
     * is not made by one pair that a change fell between.
     */
    static final int SINGLE_ROUNDS = 3;

    /** The broker's ceiling with lean publishers, one packing. */
    public record Raw(int batch, long messages, double messagesPerSecond, double publisherCores, double brokerCores,
                      double subscriberCores) {
    }

    /**
     * The gateway under a burst, one packing.
     *
     * @param threads the gateway's cores by thread group from the first publish until the last reading was handled
     */
    public record Gateway(int batch, Throughput readings, long storedInInflux, double gatewayCores, double brokerCores,
                          double influxCores, double publisherCores, double maxUnacknowledged, Map<String, Double> threads) {
    }

    /** One patient's hour in time order, and another's from two devices interleaved. */
    public record Interleaved(long readings, double inOrderPerSecond, double interleavedPerSecond, double influxCoresInOrder,
                              double influxCoresInterleaved, long storedInOrder, long storedInterleaved) {
        public double share() {
            return interleavedPerSecond / inOrderPerSecond;
        }

        public boolean met() {
            return share() >= TARGET_INTERLEAVED_SHARE;
        }
    }

    /** A burst and the raw ceiling measured just before it, with the same publishers and packing. */
    public record Pair(Raw raw, Gateway burst) {
        /** The gateway's messages/s ÷ the raw ceiling's. */
        public double share() {
            return burst.readings().sustainedPerSecond() / burst.batch() / raw.messagesPerSecond();
        }
    }

    /**
     * @param raw     the raw ceilings in the order measured; the i-th of a packing was measured just before the i-th burst of it
     * @param gateway the gateway's bursts in the order measured
     */
    public record Result(List<Raw> raw, List<Gateway> gateway, Interleaved interleaved) {
        /** The raw ceiling of this packing, the median of its rounds by rate. */
        public Raw raw(int batch) {
            return median(raw.stream().filter(r -> r.batch() == batch).toList(), Raw::messagesPerSecond);
        }

        /** The gateway's burst of this packing, the median of its rounds by rate while publishing. */
        public Gateway gateway(int batch) {
            return median(gateway.stream().filter(r -> r.batch() == batch).toList(), g -> g.readings().sustainedPerSecond());
        }

        /** Each burst of this packing with the raw ceiling measured just before it, in the order measured. */
        public List<Pair> pairs(int batch) {
            List<Raw> raws = raw.stream().filter(r -> r.batch() == batch).toList();
            List<Gateway> bursts = gateway.stream().filter(r -> r.batch() == batch).toList();
            List<Pair> pairs = new ArrayList<>();
            for (int i = 0; i < Math.min(raws.size(), bursts.size()); i++) {
                pairs.add(new Pair(raws.get(i), bursts.get(i)));
            }
            return pairs;
        }

        /** Each pair's ratio, in the order measured. */
        public List<Double> shares(int batch) {
            return pairs(batch).stream().map(Pair::share).toList();
        }

        /** The median of {@link #shares}, NaN without a pair. */
        public double share(int batch) {
            Double median = median(shares(batch), x -> x);
            return median == null ? Double.NaN : median;
        }

        /** The middle one by {@code key}, the lower middle of an even number; null for none. */
        private static <T> T median(List<T> rounds, ToDoubleFunction<T> key) {
            if (rounds.isEmpty()) {
                return null;
            }
            List<T> sorted = new ArrayList<>(rounds);
            sorted.sort(Comparator.comparingDouble(key));
            return sorted.get((sorted.size() - 1) / 2);
        }
    }

    private Burst() {
    }

    /**
     * Readings per device of a burst of this packing: about 20 s of what the machine does, long
     * enough for the rate while publishing to be one the gateway holds (a few seconds with --quick).
     */
    static int readingsPerDevice(int batch, boolean quick) {
        if (quick) {
            return batch == 1 ? 60 : 400;
        }
        return batch == 1 ? 240 : 2_400;
    }

    /** Pairs of raw ceiling and burst of this packing: single-reading messages are judged against the raw ceiling. */
    static int rounds(int batch, boolean quick) {
        return batch == 1 && !quick ? SINGLE_ROUNDS : 1;
    }

    /** Readings of each interleaved row (one patient's hour). */
    static int interleavedReadings(boolean quick) {
        return quick ? 10_000 : 20_000;
    }

    public static Result measure(Layout layout, Settings settings, Path jfr, Log log) {
        Path dir = layout.work().resolve("burst");
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            devices.add(String.format("bench-burst-%04d", i));
        }
        List<Raw> raw = new ArrayList<>();
        Path registry = dir.resolve("patients.yaml");
        write(registry, registry(devices));
        List<String> jvmArgs = jfr == null ? List.of()
                : List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        List<Gateway> gateway = new ArrayList<>();
        Interleaved interleaved;
        try (BenchStack stack = BenchStack.start("burst", dir.resolve("stack"), log)) {
            GatewayProcess g = stack.startGateway("bench-gateway", registry, Map.of(), jvmArgs);
            // Each device's readings a second apart, every burst after the last one's: in time order throughout,
            // and all in the past: ten warm-up rounds at most, 115 s of readings each, then 52 minutes' worth.
            long[] next = {System.currentTimeMillis() - Duration.ofHours(2).toMillis()};
            // Unmeasured, as the fixed-rate search's warm-up: short bursts of both packings until the gateway's code is compiled.
            Warmup.Done warm = Warmup.untilCompiled(g, () -> {
                long readings = 0;
                for (int batch : Settings.MODES) {
                    readings += burst(stack, g, dir, devices, batch, readingsPerDevice(batch, true) / 4, next, log).storedInInflux();
                }
                return readings;
            });
            log.line("  burst: warmed up with %s", Warmup.describe(warm));
            for (int batch : Settings.MODES) {
                for (int round = 1; round <= rounds(batch, settings.quick()); round++) {
                    // The raw ceiling while the gateway's stack stands idle, then the gateway's burst at once.
                    raw.add(raw(dir, settings, devices, batch, log));
                    Gateway run = burst(stack, g, dir, devices, batch, readingsPerDevice(batch, settings.quick()), next, log);
                    gateway.add(run);
                    log.line("  burst, %s: %s readings/s stored while %d lean publishers sent %s/s; all %s in InfluxDB at %s/s overall;"
                                    + " gateway %s cores, publishers %s, ≤ %s messages unacknowledged",
                            Log.mode(batch), Log.n(run.readings().sustainedPerSecond()), PUBLISHERS,
                            Log.n(run.readings().publishedPerSecond()), Log.n(run.storedInInflux()),
                            Log.n(run.readings().overallPerSecond()), Log.d2(run.gatewayCores()), Log.d2(run.publisherCores()),
                            Log.n(run.maxUnacknowledged()));
                }
            }
            interleaved = interleaved(stack, g, dir, interleavedReadings(settings.quick()), log);
            log.line("  one patient's hour, %s readings: %s/s in time order, %s/s from two devices interleaved (%s; target ≥ %s);"
                            + " InfluxDB %s / %s cores",
                    Log.n(interleaved.readings()), Log.n(interleaved.inOrderPerSecond()), Log.n(interleaved.interleavedPerSecond()),
                    Log.d2(interleaved.share()), Log.d2(TARGET_INTERLEAVED_SHARE), Log.d2(interleaved.influxCoresInOrder()),
                    Log.d2(interleaved.influxCoresInterleaved()));
        }
        return new Result(raw, gateway, interleaved);
    }

    private static Raw raw(Path dir, Settings settings, List<String> devices, int batch, Log log) {
        int perDevice = readingsPerDevice(batch, settings.quick());
        try (MosquittoServer broker = MosquittoServer.start(dir.resolve("raw-" + batch).resolve("mosquitto"));
             BrokerLimit.Subscriber subscriber = BrokerLimit.Subscriber.connect(broker.url(), settings.receiveMaximum())) {
            long before = subscriber.messages();
            try (Sampler<Rates.Sample> counted = Sampler.start("subscriber", 100,
                    () -> new Rates.Sample(System.nanoTime(), (subscriber.messages() - before) * (double) batch));
                 LeanLoad load = LeanLoad.start(dir.resolve("raw-" + batch), broker.url(), "bench-raw-lean",
                         plans(devices, perDevice, batch, System.currentTimeMillis() - Duration.ofHours(1).toMillis()));
                 Cpu cpu = Cpu.watch(pids(List.of(broker.pid(), ProcessHandle.current().pid()), load.pids()))) {
                DeviceSim.Report report = load.await(TIMEOUT);
                BenchStack.waitUntil(() -> (subscriber.messages() - before) * batch >= report.readingsAcked(), Duration.ofSeconds(60));
                Throughput t = Throughput.of(counted.samples(), report);
                long to = Clock.nanosOf(report.endedAt());
                long from = to - (long) (t.windowSeconds() * 1e9);
                Raw r = new Raw(batch, report.messagesAcked(), t.sustainedPerSecond() / batch, publisherCores(cpu, 2, from, to),
                        cpu.cores(0, from, to), cpu.cores(1, from, to));
                log.line("  raw broker with lean publishers, %s: %s messages/s delivered; publishers %s cores, broker %s,"
                                + " subscriber (bench JVM) %s",
                        Log.mode(batch), Log.n(r.messagesPerSecond()), Log.d2(r.publisherCores()), Log.d2(r.brokerCores()),
                        Log.d2(r.subscriberCores()));
                return r;
            }
        }
    }

    private static Gateway burst(BenchStack stack, GatewayProcess g, Path dir, List<String> devices, int batch, int perDevice,
                                 long[] next, Log log) {
        Scrape before = Scrape.of(g);
        long influxBefore = stack.stored("patient =~ /^bench-burst-/");
        long from = next[0];
        next[0] += perDevice * 1000L;
        try (Sampler<Scrape> scrapes = Sampler.start("gateway", 250, () -> Scrape.of(g).withoutText());
             LeanLoad load = LeanLoad.start(dir.resolve("load"), stack.broker().url(), "bench-burst",
                     plans(devices, perDevice, batch, from));
             Cpu cpu = Cpu.watch(pids(List.of(g.pid(), stack.broker().pid(), stack.influx().pid()), load.pids()), g.pid())) {
            cpu.markThreads();
            DeviceSim.Report report = load.await(TIMEOUT);
            stack.await(() -> scrapes.last() != null && scrapes.last().handled() - before.handled() >= report.readingsAcked(), TIMEOUT);
            Map<String, Double> threads = cpu.threadsSinceMark();
            List<Rates.Sample> stored = scrapes.samples().stream()
                    .map(s -> new Rates.Sample(s.nanos(), s.handled() - before.handled())).toList();
            Throughput t = Throughput.of(stored, report);
            long to = Clock.nanosOf(report.endedAt());
            long start = to - (long) (t.windowSeconds() * 1e9);
            double unacked = scrapes.samples().stream().mapToDouble(Scrape::unacknowledged).max().orElse(Double.NaN);
            long inInflux = stack.stored("patient =~ /^bench-burst-/") - influxBefore;
            if (inInflux != report.readingsAcked()) {
                log.warn("burst, %s: the broker acknowledged %d readings, InfluxDB holds %d new ones", Log.mode(batch),
                        report.readingsAcked(), inInflux);
            }
            return new Gateway(batch, t, inInflux, cpu.cores(0, start, to), cpu.cores(1, start, to), cpu.cores(2, start, to),
                    publisherCores(cpu, 3, start, to), unacked, threads);
        }
    }

    private static Interleaved interleaved(BenchStack stack, GatewayProcess g, Path dir, int readings, Log log) {
        long hourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        long step = Duration.ofHours(1).toMillis() / readings;
        double[] inOrder = patientHour(stack, g, dir, ORDER_PATIENT, List.of(
                new LeanPublisher.Plan(List.of(ORDER_PATIENT + "-a"), readings, 1, "spo2", hourAgo, step, 1, 0)));
        double[] interleaved = patientHour(stack, g, dir, INTERLEAVED_PATIENT, List.of(
                new LeanPublisher.Plan(List.of(INTERLEAVED_PATIENT + "-a"), readings / 2, 1, "spo2", hourAgo, step, 2, 0),
                new LeanPublisher.Plan(List.of(INTERLEAVED_PATIENT + "-b"), readings / 2, 1, "spo2", hourAgo, step, 2, 1)));
        return new Interleaved(readings, inOrder[0], interleaved[0], inOrder[1], interleaved[1], (long) inOrder[2],
                (long) interleaved[2]);
    }

    /** Readings/s from the first publish until the gateway handled the last, InfluxDB's cores meanwhile, and the points stored. */
    private static double[] patientHour(BenchStack stack, GatewayProcess g, Path dir, String patient, List<LeanPublisher.Plan> plans) {
        Scrape before = Scrape.of(g);
        long expected = plans.stream().mapToLong(LeanPublisher.Plan::readings).sum();
        try (LeanLoad load = LeanLoad.start(dir.resolve("load"), stack.broker().url(), patient, plans);
             Cpu cpu = Cpu.watch(List.of(stack.influx().pid()))) {
            DeviceSim.Report report = load.await(TIMEOUT);
            long t0 = Clock.nanosOf(report.startedAt());
            boolean done = stack.await(() -> Scrape.of(g).withoutText().handled() - before.handled() >= report.readingsAcked(), TIMEOUT);
            long t1 = System.nanoTime();
            if (!done) {
                throw new IllegalStateException("the gateway did not store " + patient + "'s " + expected + " readings within " + TIMEOUT);
            }
            long stored = stack.stored("patient = '" + patient + "'");
            return new double[] {report.readingsAcked() / ((t1 - t0) / 1e9), cpu.cores(0, t0, t1), stored};
        }
    }

    /** The devices dealt over {@value #PUBLISHERS} publishers, each device's readings from {@code fromMillis} a second apart. */
    static List<LeanPublisher.Plan> plans(List<String> devices, int perDevice, int batch, long fromMillis) {
        return LeanLoad.deal(devices, PUBLISHERS).stream()
                .map(hand -> new LeanPublisher.Plan(hand, perDevice, batch, "spo2", fromMillis, 1000, 1, 0)).toList();
    }

    /** The registry of the burst devices (a COPD patient each) and of the interleaved rows' two patients. */
    static String registry(List<String> devices) {
        StringBuilder yaml = new StringBuilder("patients:\n");
        for (String d : devices) {
            yaml.append("  - { id: ").append(d.replace("bench-burst-", "bench-burst-p")).append(", careTeam: bench, conditions: [copd],")
                    .append(" devices: [").append(d).append("] }\n");
        }
        yaml.append("  - { id: ").append(ORDER_PATIENT).append(", careTeam: bench, conditions: [copd], devices: [")
                .append(ORDER_PATIENT).append("-a] }\n");
        yaml.append("  - { id: ").append(INTERLEAVED_PATIENT).append(", careTeam: bench, conditions: [copd], devices: [")
                .append(INTERLEAVED_PATIENT).append("-a, ").append(INTERLEAVED_PATIENT).append("-b] }\n");
        return yaml.toString();
    }

    private static List<Long> pids(List<Long> first, List<Long> publishers) {
        List<Long> all = new ArrayList<>(first);
        all.addAll(publishers);
        return all;
    }

    /** The publishers' cores together: they are the processes watched after the {@code first} others. */
    private static double publisherCores(Cpu cpu, int first, long from, long to) {
        double sum = 0;
        for (int i = 0; i < PUBLISHERS; i++) {
            sum += cpu.cores(first + i, from, to);
        }
        return sum;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
