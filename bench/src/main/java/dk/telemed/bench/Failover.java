package dk.telemed.bench;

import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.PrometheusText;
import dk.telemed.testsupport.ReadingStream;
import dk.telemed.testsupport.ZooKeeperEnsemble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Active and standby (docs/reliability.md, "Active and standby"): one ZooKeeper node, the broker,
 * InfluxDB and two gateway processes with the one shared MQTT client id, each a member of the
 * election with a session timeout of {@value #SESSION_TIMEOUT_MS} ms. A steady stream of
 * {@value #RATE} pulse readings/s (one per QoS 1 message) runs throughout. Each run kills the
 * active with {@code kill -9} and polls the standby every {@value #POLL_MS} ms, {@code /ready}
 * until it answers 200 and then {@code /metrics}, until its {@code telemed_readings_stored_total}
 * rises: the time from the kill to the first reading the successor stored (written to InfluxDB
 * and acknowledged by it, which is when the counter counts it). The killed member is then started again, as
 * a standby.
 *
 * <p>At the end: readings lost (acknowledged by the broker to the publisher, not in InfluxDB),
 * and the alert events on {@code telemed/v1/alerts/#} counted per alertId. A probe patient's
 * alarming reading raises an alert before the first kill, and a reading as alarming follows
 * every kill: the successors restore that open alert and raise nothing for it again. Each kill
 * is followed by the alarming reading of a probe patient of its own, which the successor must
 * raise once.
 */
public final class Failover {
    static final long SESSION_TIMEOUT_MS = 4_000;
    static final int RATE = 1_000;
    static final long POLL_MS = 50;
    static final String CLIENT_ID = "bench-failover";
    static final String OPEN_PROBE = "p-fo-open";
    private static final List<String> STREAM_DEVICES = IntStream.range(0, 20).mapToObj(i -> "fo-s" + i).toList();
    private static final Duration START = Duration.ofSeconds(90);
    /** The session's expiry and the successor's start, with a margin for a busy machine. */
    private static final Duration TAKEOVER = Duration.ofSeconds(60);
    private static final Duration ALERT = Duration.ofSeconds(30);

    /**
     * @param runs             kills of the active
     * @param sessionTimeoutMs coordination.sessionTimeoutMs of both members: a killed active is noticed when it expires
     * @param rate             stream readings/s published throughout
     * @param takeovers        each kill's takeover, in order
     * @param firstStoredMs    kill → first reading stored by the successor, over the runs
     * @param activeMs         kill → successor answering /ready 200, over the runs
     * @param confirmed        stream readings the broker acknowledged to the publisher
     * @param stored           stream readings in InfluxDB
     * @param lost             confirmed minus stored, when positive (must be 0)
     * @param alerts           every alert event received, counted per alertId
     * @param openProbeAlerts  alertIds raised for the probe whose alert stays open across the takeovers (must be 1)
     * @param probes           probes alarming right after a kill
     * @param probesRaised     of those, how many were raised exactly once
     * @param brokerDropped    Mosquitto logged that it dropped queued messages
     */
    public record Result(int runs, long sessionTimeoutMs, int rate, List<Takeover> takeovers, Spread firstStoredMs, Spread activeMs,
                         long confirmed, long stored, long lost, AlertTally alerts, int openProbeAlerts, int probes, int probesRaised,
                         boolean brokerDropped, String loadAverage) {
    }

    private Failover() {
    }

    /** Kills of the active: five, three with --quick. */
    static int runs(Settings settings) {
        return settings.quick() ? 3 : 5;
    }

    public static Result measure(Layout layout, Settings settings, Path benchRegistry, Log log) {
        Path dir = layout.work().resolve("failover");
        int runs = runs(settings);
        Path registry = registry(benchRegistry, dir, runs);
        try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.startSingle(dir.resolve("zk"));
             BenchStack stack = BenchStack.start("failover", dir, log);
             Members members = new Members(stack, zk, registry, log);
             MqttTestClient nurses = MqttTestClient.connect(stack.broker().url(), "bench-failover-nurses");
             MqttTestClient probes = MqttTestClient.connect(stack.broker().url(), "bench-failover-probes")) {
            nurses.subscribe("telemed/v1/alerts/#");
            members.start("a");
            members.start("b");
            GatewayProcess active = members.awaitActive(START);
            ReadingStream stream = ReadingStream.start(stack.broker().url(), "bench-failover-stream", STREAM_DEVICES, RATE,
                    System.currentTimeMillis() - Duration.ofHours(1).toMillis());
            try {
                log.line("  failover: two members (session timeout %d ms), %s readings/s, %d kills of the active",
                        SESSION_TIMEOUT_MS, Log.n(RATE), runs);
                publishSpo2(probes, "oxi-fo-open", 80);
                await("the open probe's alert raised", ALERT, () -> AlertTally.raisedFor(payloads(nurses), OPEN_PROBE) == 1);
                List<Takeover> takeovers = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    GatewayProcess current = active;
                    await("readings stored by " + members.name(current), START, () -> storedBy(current) > 0);
                    // Steady load for a moment, and the member started last settled as a standby.
                    BenchStack.sleep(3_000);
                    GatewayProcess successor = members.other(active);
                    Instant killedAt = Instant.now();
                    long killed = System.nanoTime();
                    active.kill();
                    publishSpo2(probes, "oxi-fo-open", 80);
                    publishSpo2(probes, "oxi-fo-" + run, 80);
                    Takeover t = poll(successor, killed);
                    takeovers.add(t);
                    log.line("  failover %d: %s killed at %s; %s active after %s ms, first reading stored after %s ms (± %s ms;"
                                    + " polls answered in %s ms, the longest in %s)", run, members.name(active), killedAt,
                            members.name(successor), Log.n(t.activeMs()), Log.n(t.firstStoredMs()), Log.n(t.uncertaintyMs()),
                            Log.n(t.pollMs()), Log.n(t.longestPollMs()));
                    String name = members.name(active);
                    members.forget(active);
                    members.start(name);
                    active = members.awaitActive(START);
                }
                int[] probesRaised = new int[1];
                await("every probe's alert raised", ALERT, () -> {
                    List<byte[]> events = payloads(nurses);
                    probesRaised[0] = (int) IntStream.rangeClosed(1, runs).filter(r -> AlertTally.raisedFor(events, "p-fo-" + r) == 1).count();
                    return probesRaised[0] == runs;
                });
                stream.stop(Duration.ofSeconds(10));
                long confirmed = stream.confirmed();
                BenchStack.waitUntil(() -> stack.stored("type = 'pulse'") >= confirmed, EndToEnd.DRAIN);
                long stored = stack.stored("type = 'pulse'");
                // A second raise by a late successor would arrive by now.
                BenchStack.sleep(2_000);
                List<byte[]> events = payloads(nurses);
                AlertTally alerts = AlertTally.of(events);
                Result r = new Result(runs, SESSION_TIMEOUT_MS, RATE, takeovers,
                        Spread.of(takeovers.stream().map(Takeover::firstStoredMs).toList()),
                        Spread.of(takeovers.stream().map(Takeover::activeMs).toList()), confirmed, stored,
                        Math.max(0, confirmed - stored), alerts, AlertTally.raisedFor(events, OPEN_PROBE), runs, probesRaised[0],
                        stack.broker().droppedMessages(), Machine.loadAverage());
                log.line("  failover: kill → first reading stored median %s ms, max %s ms; %s readings confirmed, %s stored, %s lost;"
                                + " %d alerts, %d raised twice", Log.n(r.firstStoredMs().median()), Log.n(r.firstStoredMs().max()),
                        Log.n(confirmed), Log.n(stored), Log.n(r.lost()), alerts.alerts(), alerts.raisedTwice());
                if (r.lost() > 0) {
                    log.warn("failover: %s readings acknowledged by the broker are not in InfluxDB", Log.n(r.lost()));
                }
                if (alerts.raisedTwice() > 0 || r.openProbeAlerts() != 1) {
                    log.warn("failover: %d alerts raised more than once (e.g. %s); the probe whose alert stayed open has %d alertIds",
                            alerts.raisedTwice(), alerts.examplesRaisedTwice(), r.openProbeAlerts());
                }
                return r;
            } finally {
                stream.close();
            }
        }
    }

    /** Polls the successor until it has stored a reading, every {@value #POLL_MS} ms. */
    private static Takeover poll(GatewayProcess successor, long killed) {
        List<Takeover.Poll> polls = new ArrayList<>();
        long deadline = killed + TAKEOVER.toNanos();
        boolean ready = false;
        while (System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            // Once active, only /metrics is asked: one request per poll keeps the bracket narrow.
            ready = ready || successor.get("/ready") == 200;
            double stored = ready ? storedBy(successor) : Double.NaN;
            polls.add(new Takeover.Poll(sent, System.nanoTime(), ready, stored));
            // 0 before: the successor was a standby until now (a fresh process, or one that never led).
            Optional<Takeover> t = Takeover.of(killed, 0, polls);
            if (t.isPresent()) {
                return t.get();
            }
            BenchStack.sleep(POLL_MS);
        }
        throw new IllegalStateException("no member stored a reading within " + TAKEOVER.toSeconds() + " s of the kill; its log: "
                + successor.logFile());
    }

    /** The member's telemed_readings_stored_total; NaN while it is a standby (/metrics 503). */
    private static double storedBy(GatewayProcess gateway) {
        HttpResponse<String> r = gateway.request("/metrics");
        return r.statusCode() == 200 ? PrometheusText.sum(r.body(), "telemed_readings_stored_total") : Double.NaN;
    }

    private static void publishSpo2(MqttTestClient device, String deviceId, int value) {
        device.publish("telemed/v1/devices/" + deviceId + "/readings",
                "{\"ts\": \"%s\", \"type\": \"spo2\", \"value\": %d, \"unit\": \"%%\"}".formatted(Instant.now(), value));
    }

    private static List<byte[]> payloads(MqttTestClient nurses) {
        return nurses.received().stream().map(MqttTestClient.Received::payload).toList();
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("failover: not within " + timeout.toSeconds() + " s: " + what);
            }
            BenchStack.sleep(100);
        }
    }

    /** The bench's registry plus the stream's patients and the probes, in the phase's directory. */
    private static Path registry(Path benchRegistry, Path dir, int runs) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < STREAM_DEVICES.size(); i++) {
            yaml.append(patient("p-fo-s" + i, STREAM_DEVICES.get(i)));
        }
        yaml.append(patient(OPEN_PROBE, "oxi-fo-open"));
        for (int run = 1; run <= runs; run++) {
            yaml.append(patient("p-fo-" + run, "oxi-fo-" + run));
        }
        try {
            Files.createDirectories(dir);
            String text = Files.readString(benchRegistry);
            return Files.writeString(dir.resolve("patients.yaml"), text + (text.endsWith("\n") ? "" : "\n") + yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the failover registry in " + dir, e);
        }
    }

    private static String patient(String id, String device) {
        return "  - { id: " + id + ", careTeam: " + Probe.CARE_TEAM + ", conditions: [copd], devices: [" + device + "] }\n";
    }

    /** The members of the election, each a gateway process under its own name. */
    private static final class Members implements AutoCloseable {
        private final BenchStack stack;
        private final ZooKeeperEnsemble zk;
        private final Path registry;
        private final Log log;
        private final Map<GatewayProcess, String> names = new LinkedHashMap<>();
        private final List<GatewayProcess> stopped = new ArrayList<>();

        Members(BenchStack stack, ZooKeeperEnsemble zk, Path registry, Log log) {
            this.stack = stack;
            this.log = log;
            this.zk = zk;
            this.registry = registry;
        }

        /** Starts a member and waits until it answers /health (a standby never answers /ready 200). */
        void start(String name) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("TELEMED_MQTT_URL", stack.broker().url());
            env.put("TELEMED_MQTT_CLIENT_ID", CLIENT_ID);
            env.put("TELEMED_INFLUX_URL", stack.influx().url());
            env.put("TELEMED_INFLUX_DB", BenchStack.DB);
            env.put("TELEMED_REGISTRY", registry.toAbsolutePath().toString());
            env.put("TELEMED_COORDINATION_CONNECT", zk.connectString());
            env.put("TELEMED_COORDINATION_MEMBER", name);
            env.put("TELEMED_COORDINATION_SESSION_TIMEOUT_MS", Long.toString(SESSION_TIMEOUT_MS));
            GatewayProcess.Builder member = GatewayProcess.builder(stack.dir()).env(env).heap(BenchStack.HEAP);
            BenchStack.gatewayJvmOptions().forEach(member::jvmArg);
            names.put(member.start(), name);
        }

        /** The one member answering /ready 200 while every other answers 503. */
        GatewayProcess awaitActive(Duration timeout) {
            GatewayProcess[] found = new GatewayProcess[1];
            await("one active member among " + names.values(), timeout, () -> {
                List<GatewayProcess> ready = all().stream().filter(g -> g.get("/ready") == 200).toList();
                boolean othersStandby = all().stream().filter(g -> !ready.contains(g)).allMatch(g -> g.get("/ready") == 503);
                found[0] = ready.size() == 1 ? ready.get(0) : null;
                return found[0] != null && othersStandby;
            });
            return found[0];
        }

        List<GatewayProcess> all() {
            return List.copyOf(names.keySet());
        }

        GatewayProcess other(GatewayProcess member) {
            return all().stream().filter(g -> g != member).findFirst().orElseThrow();
        }

        String name(GatewayProcess member) {
            return names.get(member);
        }

        /** A killed member leaves the list; its process is closed with the rest. */
        void forget(GatewayProcess member) {
            names.remove(member);
            stopped.add(member);
        }

        @Override
        public void close() {
            List<GatewayProcess> every = new ArrayList<>(names.keySet());
            every.addAll(stopped);
            for (GatewayProcess g : every) {
                if (g.log().contains("OutOfMemoryError")) {
                    log.warn("failover: the gateway ran out of heap (OutOfMemoryError in its log %s)", g.logFile());
                }
                try {
                    g.close();
                } catch (RuntimeException e) {
                    // Best effort: the broker, the database and the engine still get stopped.
                }
            }
        }
    }
}
