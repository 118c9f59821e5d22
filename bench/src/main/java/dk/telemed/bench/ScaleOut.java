package dk.telemed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.WebhookReceiver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two gateways on one shared subscription ({@code TELEMED_MQTT_SHARED_GROUP}, their own client
 * ids) against one broker and one database. device-sim publishes batches of 20 at a fixed rate
 * the two keep up with for {@link Settings#throughputRun()}, and says how many readings the
 * broker acknowledged. Checks: InfluxDB holds exactly that many points, each gateway stored
 * some, and the two {@code telemed_readings_stored_total} add up to it (anything above is a
 * reading written twice, which InfluxDB's count cannot show: it keeps one point per series and
 * time).
 *
 * <p>Alerts: device-sim's patients raise alerts of their own (their readings are realistic),
 * and the probe device raises and resolves {@value #EPISODES} more. Every {@code raised} event on
 * {@code telemed/v1/alerts/#} is counted per alertId: one alert must be raised once, whichever
 * gateway took the reading. The webhook receiver's requests for raised events are counted too
 * (each gateway delivers every event to its own webhooks, docs/alert-hooks.md, so a receiver
 * sees each event's webhook-id once per gateway).
 */
public final class ScaleOut {
    static final String GROUP = "bench";
    static final int EPISODES = 10;
    /** The load when no end-to-end figure of this run says what one gateway sustains. */
    static final double DEFAULT_RATE = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param rate              readings/s published
     * @param storedPerGateway  each gateway's telemed_readings_stored_total
     * @param storedSum         their sum, without the probe's readings
     * @param duplicatesDropped redelivered messages the gateways recognised and skipped
     * @param together          both gateways' readings handled per second
     */
    public record Result(int gateways, double rate, long published, long storedInInflux, List<Double> storedPerGateway,
                         double storedSum, double duplicatesDropped, Throughput together, Alerts alerts, String loadAverage) {
        public boolean everyReadingOnce() {
            return storedInInflux == published && Math.round(storedSum) == published && storedPerGateway.stream().allMatch(s -> s > 0);
        }
    }

    /**
     * @param probeEpisodes      alarming readings the probe published (each followed by a normal one)
     * @param probeRaised        of those, how many raised an alert within the wait
     * @param probeResolved      of those, how many were resolved by the normal reading that followed, within 5 s
     * @param alerts             distinct alertIds with a raised event on the MQTT alert topic (all patients)
     * @param raisedEvents       raised events on that topic
     * @param alertsRaisedTwice  alertIds with more than one raised event (must be 0)
     * @param webhookRequests    requests the receiver got for raised events
     * @param webhookIds         distinct webhook-ids among them
     * @param examplesRaisedTwice up to three alertIds raised more than once, with patient, rule and reading time
     */
    public record Alerts(int probeEpisodes, int probeRaised, int probeResolved, int alerts, int raisedEvents, int alertsRaisedTwice,
                         int webhookRequests, int webhookIds, List<String> examplesRaisedTwice) {
    }

    private ScaleOut() {
    }

    public static Result measure(Layout layout, Settings settings, Path registry, double rate, Log log) {
        Path dir = layout.work().resolve("scale-out");
        try (BenchStack stack = BenchStack.start("scale-out", dir, log);
             WebhookReceiver receiver = WebhookReceiver.start("alerts");
             MqttTestClient nurses = MqttTestClient.connect(stack.broker().url(), "bench-nurses")) {
            nurses.subscribe("telemed/v1/alerts/#");
            Map<String, String> env = Map.of("TELEMED_MQTT_SHARED_GROUP", GROUP,
                    "TELEMED_WEBHOOK_URL", receiver.url(),
                    "TELEMED_WEBHOOK_SECRET", "whsec_YmVuY2htYXJrLW9ubHktc2VjcmV0LW5vdC1mb3ItdXNl");
            List<GatewayProcess> gateways = List.of(
                    stack.startGateway("bench-gateway-a", registry, env, List.of()),
                    stack.startGateway("bench-gateway-b", registry, env, List.of()));
            DeviceSim sim = new DeviceSim(layout.deviceSimJar(), dir.resolve("sim"));
            double handledBefore = gateways.stream().mapToDouble(g -> Scrape.of(g).handled()).sum();
            Sampler<Rates.Sample> handled = Sampler.start("gateways", 250, () -> new Rates.Sample(System.nanoTime(),
                    gateways.stream().mapToDouble(g -> Scrape.of(g).handled()).sum() - handledBefore));
            log.line("  scale-out: two gateways, %s readings/s in batches of 20 for %d s", Log.n(rate),
                    settings.throughputRun().toSeconds());
            DeviceSim.Running load = sim.start(stack.broker().url(), new DeviceSim.Run(Settings.PATIENTS, 20, rate,
                    settings.throughputRun().toSeconds(), 0, Settings.CONNECTIONS, "bench-scale-out"));
            int probeRaised = 0;
            int probeResolved = 0;
            try (Probe probe = Probe.connect(stack.broker().url(), "bench-probe", stack.influx().url(), receiver)) {
                for (int i = 0; i < EPISODES; i++) {
                    Probe.AlertSample sample = probe.alertOnce(Duration.ofSeconds(10));
                    probeRaised += sample.raised() ? 1 : 0;
                    probeResolved += sample.resolved() ? 1 : 0;
                }
                DeviceSim.Report report = load.await(Duration.ofMinutes(10));
                long expected = report.readingsAcked() + probe.messages();
                stack.await(() -> gateways.stream().mapToDouble(g -> Scrape.of(g).handled()).sum() >= expected, EndToEnd.DRAIN);
                stack.await(() -> gateways.stream().mapToDouble(g -> Scrape.of(g).unacknowledged()).sum() == 0, EndToEnd.DRAIN);
                handled.close();
                Throughput both = Throughput.of(handled.samples(), report);
                // Webhook deliveries trail the alert topic by a moment.
                BenchStack.sleep(3_000);
                List<Double> stored = gateways.stream().map(g -> Scrape.of(g).stored()).toList();
                double duplicates = gateways.stream().mapToDouble(g -> Scrape.of(g).duplicates()).sum();
                long inInflux = stack.stored("device != '" + Probe.DEVICE + "'");
                Alerts alerts = alerts(EPISODES, probeRaised, probeResolved, nurses, receiver);
                Result r = new Result(gateways.size(), rate, report.readingsAcked(), inInflux, stored,
                        stored.stream().mapToDouble(Double::doubleValue).sum() - probe.messages(), duplicates, both,
                        alerts, Machine.loadAverage());
                log.line("  scale-out: %s published, %s in InfluxDB, stored per gateway %s, duplicates dropped %s;"
                                + " %d alerts raised (%d raised twice); probe: %d alarming readings, %d raised, %d resolved",
                        Log.n(r.published()), Log.n(r.storedInInflux()), stored.stream().map(Log::n).toList(), Log.n(duplicates),
                        alerts.alerts(), alerts.alertsRaisedTwice(), alerts.probeEpisodes(), alerts.probeRaised(), alerts.probeResolved());
                if (alerts.alertsRaisedTwice() > 0) {
                    log.warn("scale-out: %d of %d alerts were raised more than once with two gateways, e.g. %s",
                            alerts.alertsRaisedTwice(), alerts.alerts(), alerts.examplesRaisedTwice());
                }
                if (!r.everyReadingOnce()) {
                    log.warn("scale-out: %s readings published, %s in InfluxDB, the gateways stored %s", Log.n(r.published()),
                            Log.n(r.storedInInflux()), Log.n(r.storedSum()));
                }
                return r;
            }
        }
    }

    private static Alerts alerts(int episodes, int probeRaised, int probeResolved, MqttTestClient nurses, WebhookReceiver receiver) {
        Map<String, List<String>> raisedByAlert = new HashMap<>();
        Set<String> raisedEventIds = new HashSet<>();
        for (MqttTestClient.Received m : nurses.received()) {
            JsonNode e = json(m.payload());
            if (e != null && "raised".equals(e.path("event").asText())) {
                String alertId = e.path("alertId").asText();
                raisedByAlert.computeIfAbsent(alertId, k -> new ArrayList<>())
                        .add(e.path("patient").asText() + " " + e.path("rule").asText() + " " + e.path("readingTs").asText());
                raisedEventIds.add(e.path("eventId").asText());
            }
        }
        int requests = 0;
        Set<String> webhookIds = new HashSet<>();
        for (WebhookReceiver.Request r : receiver.requests()) {
            JsonNode e = json(r.body());
            if (e != null && "raised".equals(e.path("event").asText())) {
                requests++;
                webhookIds.add(r.id());
            }
        }
        List<String> twice = raisedByAlert.entrySet().stream().filter(en -> en.getValue().size() > 1)
                .map(en -> en.getKey() + " " + en.getValue()).toList();
        int events = raisedByAlert.values().stream().mapToInt(List::size).sum();
        return new Alerts(episodes, probeRaised, probeResolved, raisedByAlert.size(), events, twice.size(), requests, webhookIds.size(),
                twice.stream().limit(3).toList());
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
