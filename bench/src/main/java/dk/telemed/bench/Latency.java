package dk.telemed.bench;

import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.WebhookReceiver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Latency from publish to stored, and from publish to the alert webhook received, measured by
 * a {@link Probe} amid background load from device-sim at a fixed rate: a moderate
 * {@value Settings#MODERATE_RATE} readings/s, and near the maximum (a share of the sustained
 * rate measured end to end). Probes go one at a time, 20–60 ms apart, so they add about 20
 * messages per second; every {@value #ALERT_EVERY_MS} ms one is an alarming reading.
 *
 * <p>Alongside, the gateway's own timer {@code telemed_reading_store_latency_seconds} (receipt
 * of the MQTT message → written) over the same run, for every reading, not only the probe's:
 * it leaves out the broker and is only as fine as its histogram buckets.
 */
public final class Latency {
    static final long ALERT_EVERY_MS = 1_000;
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FIRST_ALERT_TIMEOUT = Duration.ofSeconds(10);
    static final String HISTOGRAM = "telemed_reading_store_latency_seconds";

    /** One run: a load level and mode. */
    public record Result(String load, int batch, double backgroundRate, double backgroundAchieved, Percentiles publishToStoredMs,
                         double medianUncertaintyMs, int lost, Percentiles gatewayReceiptToStoredMs, Alerts alerts,
                         String loadAverage) {
    }

    /** Publish → alert webhook. {@code status} is "measured" or says why not. */
    public record Alerts(String status, Percentiles publishToWebhookMs, int resolved) {
    }

    /** Whether alerts can be measured with this gateway build; found out by the first alert probe. */
    public static final class AlertSupport {
        private final boolean rulesInBuild;
        private Boolean works;

        public AlertSupport(boolean rulesInBuild) {
            this.rulesInBuild = rulesInBuild;
        }

        /** True once an alert probe found that no alert arrives. */
        boolean knownAbsent() {
            return works == Boolean.FALSE;
        }

        /** What the first alert probe found out. */
        void learn(boolean raised) {
            if (works == null) {
                works = raised;
            }
        }

        String notMeasured() {
            return rulesInBuild
                    ? "not measured: no raised event reached the webhook within " + FIRST_ALERT_TIMEOUT.toSeconds() + " s"
                    : "not measured: no alert rules in this build";
        }
    }

    private Latency() {
    }

    /**
     * Runs each load level against one gateway: {@code levels} maps a label to (rate, batch).
     */
    public static List<Result> measure(Layout layout, Settings settings, Path registry, List<Level> levels,
                                       AlertSupport alerts, Log log) {
        Path dir = layout.work().resolve("latency");
        List<Result> results = new ArrayList<>();
        try (BenchStack stack = BenchStack.start("latency", dir, log);
             WebhookReceiver receiver = WebhookReceiver.start("alerts")) {
            GatewayProcess gateway = stack.startGateway("bench-gateway", registry, Map.of(
                    "TELEMED_WEBHOOK_URL", receiver.url(),
                    "TELEMED_WEBHOOK_SECRET", "whsec_YmVuY2htYXJrLW9ubHktc2VjcmV0LW5vdC1mb3ItdXNl"), List.of());
            DeviceSim sim = new DeviceSim(layout.deviceSimJar(), dir.resolve("sim"));
            // The gateway's first minute is spent compiling; the same warm-up as the throughput runs.
            log.line("  latency: warmed up at %s readings/s with %s", Log.n(Settings.warmupRate(20)),
                    Warmup.describe(Warmup.withDeviceSim(stack, gateway, sim, settings, 20)));
            try (Probe probe = Probe.connect(stack.broker().url(), "bench-probe", stack.influx().url(), receiver)) {
                for (Level level : levels) {
                    Result r = once(stack, gateway, sim, probe, settings, level, alerts);
                    results.add(r);
                    log.line("  latency, %s (%s readings/s, %s): publish→stored p50 %s ms, p99 %s ms, max %s ms (%d probes, ±%s ms);"
                                    + " alert %s",
                            level.label(), Log.n(level.rate()), Log.mode(level.batch()), Log.d1(r.publishToStoredMs().p50()),
                            Log.d1(r.publishToStoredMs().p99()), Log.d1(r.publishToStoredMs().max()), r.publishToStoredMs().count(),
                            Log.d1(r.medianUncertaintyMs()),
                            r.alerts().status().equals("measured")
                                    ? "p50 " + Log.d1(r.alerts().publishToWebhookMs().p50()) + " ms, p99 "
                                    + Log.d1(r.alerts().publishToWebhookMs().p99()) + " ms" : r.alerts().status());
                }
            }
        }
        return results;
    }

    /** A load level: its label, background readings per second and packing. */
    public record Level(String label, double rate, int batch) {
    }

    private static Result once(BenchStack stack, GatewayProcess gateway, DeviceSim sim, Probe probe, Settings settings,
                               Level level, AlertSupport alerts) {
        Duration length = settings.latencyRun();
        DeviceSim.Running background = sim.start(stack.broker().url(), new DeviceSim.Run(Settings.PATIENTS, level.batch(),
                level.rate(), length.toSeconds() + 8, 0, Settings.CONNECTIONS, "bench-background"));
        BenchStack.sleep(4_000);
        String before = gateway.getBody("/metrics");
        List<Double> stored = new ArrayList<>();
        List<Double> uncertainty = new ArrayList<>();
        List<Double> alerted = new ArrayList<>();
        int lost = 0;
        int resolved = 0;
        String alertStatus = null;
        long end = System.nanoTime() + length.toNanos();
        long nextAlert = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (alerts.works != Boolean.FALSE && System.nanoTime() >= nextAlert) {
                Probe.AlertSample a = probe.alertOnce(alerts.works == null ? FIRST_ALERT_TIMEOUT : STORE_TIMEOUT);
                alerts.learn(a.raised());
                if (a.raised()) {
                    alerted.add(a.latencyMs());
                    resolved += a.resolved() ? 1 : 0;
                } else if (alerts.works) {
                    alertStatus = "some alert probes got no raised event within " + STORE_TIMEOUT.toSeconds() + " s";
                }
                nextAlert = System.nanoTime() + ALERT_EVERY_MS * 1_000_000L;
                continue;
            }
            Probe.StoreSample s = probe.storeOnce(STORE_TIMEOUT);
            if (s.found()) {
                stored.add(s.latencyMs());
                uncertainty.add(s.uncertaintyMs());
            } else {
                lost++;
            }
            BenchStack.sleep(ThreadLocalRandom.current().nextLong(20, 61));
        }
        String after = gateway.getBody("/metrics");
        DeviceSim.Report report = background.await(Duration.ofMinutes(3));
        Alerts alertResult = alerts.works == Boolean.TRUE
                ? new Alerts(alertStatus != null ? alertStatus : "measured", Percentiles.of(alerted), resolved)
                : new Alerts(alerts.notMeasured(), Percentiles.NONE, 0);
        return new Result(level.label(), level.batch(), level.rate(), report.readingsPerSecond(), Percentiles.of(stored),
                Percentiles.of(uncertainty).p50(), lost, HistogramDelta.percentilesMs(before, after, HISTOGRAM), alertResult,
                Machine.loadAverage());
    }
}
