package dk.telemed.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.PrometheusText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Catch-up after an outage. A gateway starts (so its persistent session and subscription exist
 * in the broker) and is stopped with SIGTERM; then what {@link CatchupPlan} says the patients
 * measured meanwhile, and the hubs' week, is published to the broker, which queues it for the
 * gateway's session. The gateway starts again and works the queue off: the time from its start
 * until every reading is stored (InfluxDB's count) and judged (its
 * {@code telemed_messages_unacknowledged} and {@code telemed_rules_pending_messages} at 0), the
 * rate meanwhile against the patients' live rate, its heap at most against its limit, the alerts
 * the backlog raised and whether each says it is late, and the readings lost.
 */
public final class Catchup {
    static final Duration OUTAGE = Duration.ofMinutes(10);
    /** The catch-up passes at ten times the patients' live rate or more. */
    static final double TARGET_LIVE_MULTIPLE = 10;
    static final String CLIENT_ID = "bench-catchup";
    static final String PATIENTS = "patient =~ /^" + CatchupPlan.LIVE_PREFIX + "/";
    private static final Duration PUBLISH = Duration.ofMinutes(6);
    private static final Duration CATCH_UP = Duration.ofMinutes(10);
    private static final long SAMPLE_MS = 250;
    static final int SPELL_HUBS = 2;

    /**
     * @param liveRate           the patients' normal rate, readings/s
     * @param messagesAcked      messages the broker acknowledged to the publishers, all queued for the gateway
     * @param maxQueued          the broker's max_queued_messages (-1: not set)
     * @param brokerDropped      the broker logged "Outgoing messages are being dropped"
     * @param readingsAcked      readings in those messages: live plus backlog
     * @param publishSeconds     how long publishing the outage took
     * @param readySeconds       the gateway's start until it answered /ready
     * @param storedSeconds      its start until InfluxDB held every reading (NaN: never)
     * @param judgedSeconds      its start until every reading was stored and judged, nothing held (NaN: never)
     * @param readingsPerSecond  readings over {@code judgedSeconds}
     * @param heapPeakMiB        the most heap in use on any /metrics sample (before GC: an upper bound of what was live)
     * @param peakRssMiB         the gateway's peak resident memory
     * @param stored             the phase's readings in InfluxDB
     * @param lost               acknowledged minus stored, when positive (must be 0)
     * @param outOfMemory        the gateway's log has an OutOfMemoryError
     * @param spellHubsRaised    hubs whose week holds a low spell with an alert raised for it (must be {@value #SPELL_HUBS})
     * @param profile            the returning gateway's JFR recording in a few lines (null: not recorded)
     * @param gatewayCores       the gateway's cores from /ready until every reading was judged (or the phase's end); the broker's
     *                           and InfluxDB's beside it
     */
    public record Result(double liveRate, Duration outage, int livePatients, int hubs, long liveReadings, long backlogReadings,
                         long messagesAcked, long maxQueued, boolean brokerDropped, long readingsAcked, double publishSeconds,
                         double readySeconds, double storedSeconds, double judgedSeconds, double readingsPerSecond, double heapPeakMiB,
                         double heapLimitMiB, double peakRssMiB, long stored, long lost, boolean outOfMemory, CatchupAlerts alerts,
                         int spellHubsRaised, double gatewayCores, double brokerCores, double influxCores, String loadAverage,
                         JfrSummary profile) {
        public double liveMultiple() {
            return readingsPerSecond / liveRate;
        }
    }

    /** One read of the gateway's /metrics during the catch-up. */
    record Sample(long nanos, double stored, double handled, double unacknowledged, double rulesPending, double heapUsed) {
        boolean judged(long readings) {
            return handled >= readings && unacknowledged == 0 && rulesPending == 0;
        }

        static Sample of(GatewayProcess g) {
            Scrape s = Scrape.of(g);
            return new Sample(s.nanos(), s.stored(), s.handled(), s.unacknowledged(),
                    PrometheusText.sum(s.text(), "telemed_rules_pending_messages"), s.heapUsed());
        }
    }

    private Catchup() {
    }

    /** @param jfr where the returning gateway records itself with JFR, or null for no recording */
    public static Result measure(Layout layout, Path jfr, Log log) {
        Path dir = layout.work().resolve("catchup");
        Path registry = write(dir.resolve("registry").resolve("patients.yaml"), CatchupPlan.registry());
        long maxQueued = CatchupPlan.maxQueued(read(layout.config("mosquitto.conf"))).orElse(-1);
        int lateAfterMinutes = lateAfterMinutes(layout.config("gateway.yaml"));
        Result r;
        try (BenchStack stack = BenchStack.start("catch-up", dir, log);
             MqttTestClient nurses = MqttTestClient.connect(stack.broker().url(), "bench-catchup-nurses");
             MqttTestClient hubs = MqttTestClient.connect(stack.broker().url(), "bench-catchup-hubs")) {
            nurses.subscribe("telemed/v1/alerts/#");
            GatewayProcess first = stack.startGateway(CLIENT_ID, registry, Map.of(), List.of());
            first.terminate();
            uncaught(first.log()).ifPresent(line -> log.warn("catch-up: the gateway stopped with SIGTERM (exit code %d) logged \"%s\""
                    + " while stopping (log %s)", first.exitCode(), line, first.logFile()));
            CatchupPlan plan = new CatchupPlan(OUTAGE, System.currentTimeMillis());
            log.line("  catch-up: gateway stopped; publishing %s patients' %d minutes (%s readings, one a message, %s readings/s live)"
                            + " and %d hubs' week (%s readings in batches of %d)", Log.n(CatchupPlan.LIVE_PATIENTS), OUTAGE.toMinutes(),
                    Log.n(plan.liveReadings()), Log.n(CatchupPlan.liveRate()), CatchupPlan.HUBS, Log.n(CatchupPlan.hubReadingsAll()),
                    CatchupPlan.HUB_BATCH);
            long published = System.nanoTime();
            AtomicLong hubMessages = new AtomicLong();
            CompletableFuture<Void> backlog = CompletableFuture.runAsync(() -> {
                for (int h = 0; h < CatchupPlan.HUBS; h++) {
                    for (String payload : plan.hubPayloads(h)) {
                        hubs.publish("telemed/v1/devices/" + CatchupPlan.hub(h) + "/readings", payload);
                        hubMessages.incrementAndGet();
                    }
                }
            });
            DeviceSim.Report live;
            try (LeanLoad load = LeanLoad.start(dir.resolve("load"), stack.broker().url(), "bench-catchup", plan.livePlans())) {
                live = load.await(PUBLISH);
            }
            try {
                backlog.join();
            } catch (CompletionException e) {
                throw new IllegalStateException("a hub's backlog was not published: " + e.getCause().getMessage(), e.getCause());
            }
            double publishSeconds = (System.nanoTime() - published) / 1e9;
            long messagesAcked = live.messagesAcked() + hubMessages.get();
            long readingsAcked = live.readingsAcked() + CatchupPlan.hubReadingsAll();
            log.line("  catch-up: %s messages (%s readings) queued in %s s (max_queued_messages %s); the broker %s",
                    Log.n(messagesAcked), Log.n(readingsAcked), Log.d1(publishSeconds), maxQueued < 0 ? "not set" : Log.n(maxQueued),
                    stack.broker().droppedMessages() ? "DROPPED queued messages" : "dropped none");

            long started = System.nanoTime();
            Instant back = Instant.now();
            GatewayProcess g = stack.startGateway(CLIENT_ID, registry, Map.of(), jfr == null ? List.of()
                    : List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true"));
            double readySeconds = (System.nanoTime() - started) / 1e9;
            Sample[] storedAt = new Sample[1];
            Sample[] judgedAt = new Sample[1];
            double heapPeak;
            double[] cores = new double[3];
            try (Sampler<Sample> samples = Sampler.start("catchup", SAMPLE_MS, () -> Sample.of(g));
                 Cpu cpu = Cpu.watch(List.of(g.pid(), stack.broker().pid(), stack.influx().pid()))) {
                long ready = System.nanoTime();
                long deadline = started + CATCH_UP.toNanos();
                while (System.nanoTime() < deadline && g.isAlive() && judgedAt[0] == null) {
                    Sample last = samples.last();
                    if (last != null && storedAt[0] == null && last.stored() >= readingsAcked) {
                        storedAt[0] = last;
                    }
                    if (last != null && last.judged(readingsAcked)) {
                        judgedAt[0] = last;
                    }
                    BenchStack.sleep(SAMPLE_MS / 2);
                }
                heapPeak = samples.samples().stream().mapToDouble(Sample::heapUsed).max().orElse(Double.NaN) / (1024 * 1024);
                long end = judgedAt[0] == null ? System.nanoTime() : judgedAt[0].nanos();
                for (int i = 0; i < cores.length; i++) {
                    cores[i] = cpu.cores(i, ready, end);
                }
            }
            boolean alive = g.isAlive();
            double peakRss = alive ? ProcessStats.read(g.pid()).peakRssKiB() / 1024.0 : Double.NaN;
            boolean oom = g.log().contains("OutOfMemoryError");
            if (judgedAt[0] == null) {
                log.warn("catch-up: the gateway %s within %d minutes of its start (%s of %s readings stored)",
                        alive ? "had not judged every reading" : "exited", CATCH_UP.toMinutes(),
                        Log.n(stack.stored(PATIENTS)), Log.n(readingsAcked));
            }
            // What a stored counter says is checked against the database itself.
            BenchStack.waitUntil(() -> stack.stored(PATIENTS) >= readingsAcked, Duration.ofSeconds(30));
            long stored = stack.stored(PATIENTS);
            // An alert raised for the last readings judged is on its way to the subscriber.
            BenchStack.sleep(2_000);
            CatchupAlerts alerts = CatchupAlerts.of(nurses.received().stream().map(MqttTestClient.Received::payload).toList(),
                    back.minus(Duration.ofMinutes(lateAfterMinutes)));
            int spellHubsRaised = (int) java.util.stream.IntStream.of(CatchupPlan.RED_HUB, CatchupPlan.YELLOW_HUB)
                    .filter(h -> alerts.patients().contains(CatchupPlan.hubPatient(h))).count();
            double storedSeconds = seconds(storedAt[0], started);
            double judgedSeconds = seconds(judgedAt[0], started);
            r = new Result(CatchupPlan.liveRate(), OUTAGE, CatchupPlan.LIVE_PATIENTS, CatchupPlan.HUBS, live.readingsAcked(),
                    CatchupPlan.hubReadingsAll(), messagesAcked, maxQueued, stack.broker().droppedMessages(), readingsAcked,
                    publishSeconds, readySeconds, storedSeconds, judgedSeconds, readingsAcked / judgedSeconds, heapPeak,
                    heapLimitMiB(), peakRss, stored, Math.max(0, readingsAcked - stored), oom, alerts, spellHubsRaised, cores[0], cores[1], cores[2],
                    Machine.loadAverage(), null);
            log.line("  catch-up: ready after %s s, all stored after %s s, all judged after %s s: %s readings/s, %s × the live rate"
                            + " (target ≥ %s); heap at most %s of %s MiB; %s stored, %s lost; %d alerts for readings, %d for old"
                            + " ones of which %d marked late", Log.d1(readySeconds), Log.d1(storedSeconds), Log.d1(judgedSeconds),
                    Log.n(r.readingsPerSecond()), Log.d1(r.liveMultiple()), Log.n(TARGET_LIVE_MULTIPLE), Log.d1(heapPeak),
                    Log.n(r.heapLimitMiB()), Log.n(stored), Log.n(r.lost()), alerts.raised(), alerts.fromOldReadings(),
                    alerts.markedLate());
            log.line("  catch-up: cores from /ready until judged: gateway %s, broker %s, InfluxDB %s", Log.d2(cores[0]), Log.d2(cores[1]),
                    Log.d2(cores[2]));
            if (spellHubsRaised < SPELL_HUBS) {
                log.warn("catch-up: %d of the %d hubs whose week holds a low spell had an alert raised for it", spellHubsRaised, SPELL_HUBS);
            }
            if (r.lost() > 0) {
                log.warn("catch-up: %s readings acknowledged by the broker are not in InfluxDB", Log.n(r.lost()));
            }
            if (!alerts.everyOldOneLate()) {
                log.warn("catch-up: alerts for readings measured over %d minutes before they arrived are not all marked late (e.g. %s)",
                        lateAfterMinutes, alerts.examplesNotLate());
            }
        }
        // The gateway writes its recording when it stops, which closing the stack did.
        JfrSummary profile = jfr != null && Files.isRegularFile(jfr) ? JfrSummary.of(jfr) : null;
        return new Result(r.liveRate(), r.outage(), r.livePatients(), r.hubs(), r.liveReadings(), r.backlogReadings(), r.messagesAcked(),
                r.maxQueued(), r.brokerDropped(), r.readingsAcked(), r.publishSeconds(), r.readySeconds(), r.storedSeconds(),
                r.judgedSeconds(), r.readingsPerSecond(), r.heapPeakMiB(), r.heapLimitMiB(), r.peakRssMiB(), r.stored(), r.lost(),
                r.outOfMemory(), r.alerts(), r.spellHubsRaised(), r.gatewayCores(), r.brokerCores(), r.influxCores(), r.loadAverage(),
                profile);
    }

    /** The first uncaught exception a gateway's log reports ("Exception in thread ..."), if any. */
    static Optional<String> uncaught(String log) {
        return log.lines().filter(l -> l.startsWith("Exception in thread ")).findFirst();
    }

    /** Seconds from {@code started} to a sample; NaN when there is none. */
    static double seconds(Sample at, long started) {
        return at == null ? Double.NaN : (at.nanos() - started) / 1e9;
    }

    static double heapLimitMiB() {
        String heap = BenchStack.HEAP.toLowerCase(java.util.Locale.ROOT);
        long n = Long.parseLong(heap.replaceAll("[^0-9]", ""));
        return heap.endsWith("g") ? n * 1024 : heap.endsWith("m") ? n : n / (1024.0 * 1024);
    }

    /** The shipped rules.lateAfterMinutes: a reading measured longer before it arrived is late. */
    static int lateAfterMinutes(Path gatewayYaml) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(gatewayYaml.toFile()).path("rules").path("lateAfterMinutes").asInt(60);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + gatewayYaml, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
