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
 * ids, members 0 and 1 of a cluster of two) against one broker and one database. device-sim publishes batches of 20 at a fixed rate
 * the two keep up with for {@link #LOAD}, and says how many readings the
 * broker acknowledged. Checks: InfluxDB holds exactly that many points, each gateway stored
 * some, and the two {@code telemed_readings_stored_total} add up to it (anything above is a
 * reading written twice, which InfluxDB's count cannot show: it keeps one point per series and
 * time).
 *
 * <p>Alerts: device-sim's patients raise alerts of their own (their readings are realistic),
 * and the probe device raises and resolves {@value #EPISODES} more. Every {@code raised} event on
 * {@code telemed/v1/alerts/#} is counted per alertId: one alert must be raised once, whichever
 * gateway took the reading, and none while the same patient, type and rule has one open. The
 * webhook receiver's requests for raised events are counted too (each gateway delivers the events
 * of its own patients, so a receiver sees each event's webhook-id once).
 */
public final class ScaleOut {
    static final String GROUP = "bench";
    static final int EPISODES = 10;
    /** How long device-sim publishes: about as long as the probe's alert episodes take. */
    static final Duration LOAD = Duration.ofSeconds(20);
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
     * @param raisedWhileOpen    raised events for a patient, type and rule that already had an open alert (another
     *                           alertId, raised and not yet resolved): against the interface, "one open alert per patient, type and rule"
     * @param examplesWhileOpen  up to three of those
     */
    public record Alerts(int probeEpisodes, int probeRaised, int probeResolved, int alerts, int raisedEvents, int alertsRaisedTwice,
                         int webhookRequests, int webhookIds, List<String> examplesRaisedTwice, int raisedWhileOpen,
                         List<String> examplesWhileOpen) {
    }

    private ScaleOut() {
    }

    public static Result measure(Layout layout, Settings settings, Path registry, double rate, Log log) {
        Path dir = layout.work().resolve("scale-out");
        try (BenchStack stack = BenchStack.start("scale-out", dir, log);
             WebhookReceiver receiver = WebhookReceiver.start("alerts");
             MqttTestClient nurses = MqttTestClient.connect(stack.broker().url(), "bench-nurses")) {
            nurses.subscribe("telemed/v1/alerts/#");
            List<GatewayProcess> gateways = List.of(
                    stack.startGateway("bench-gateway-a", registry, env(receiver, 0), List.of()),
                    stack.startGateway("bench-gateway-b", registry, env(receiver, 1), List.of()));
            DeviceSim sim = new DeviceSim(layout.deviceSimJar(), dir.resolve("sim"));
            double handledBefore = gateways.stream().mapToDouble(g -> Scrape.of(g).handled()).sum();
            Sampler<Rates.Sample> handled = Sampler.start("gateways", 250, () -> new Rates.Sample(System.nanoTime(),
                    gateways.stream().mapToDouble(g -> Scrape.of(g).handled()).sum() - handledBefore));
            log.line("  scale-out: two gateways, %s readings/s in batches of 20 for %d s", Log.n(rate), LOAD.toSeconds());
            DeviceSim.Running load = sim.start(stack.broker().url(), new DeviceSim.Run(Settings.PATIENTS, 20, rate,
                    LOAD.toSeconds(), 0, Settings.CONNECTIONS, "bench-scale-out"));
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
                Alerts alerts = alerts(EPISODES, probeRaised, probeResolved,
                        nurses.received().stream().map(MqttTestClient.Received::payload).toList(), receiver.requests());
                Result r = new Result(gateways.size(), rate, report.readingsAcked(), inInflux, stored,
                        stored.stream().mapToDouble(Double::doubleValue).sum() - probe.messages(), duplicates, both,
                        alerts, Machine.loadAverage());
                log.line("  scale-out: %s published, %s in InfluxDB, stored per gateway %s, duplicates dropped %s;"
                                + " %d alerts raised (%d raised twice); probe: %d alarming readings, %d raised, %d resolved",
                        Log.n(r.published()), Log.n(r.storedInInflux()), stored.stream().map(Log::n).toList(), Log.n(duplicates),
                        alerts.alerts(), alerts.alertsRaisedTwice(), alerts.probeEpisodes(), alerts.probeRaised(), alerts.probeResolved());
                if (alerts.raisedWhileOpen() > 0) {
                    log.warn("scale-out: %d alerts were raised for a patient, type and rule that already had an open alert, e.g. %s",
                            alerts.raisedWhileOpen(), alerts.examplesWhileOpen());
                }
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

    /** Member {@code member} of a cluster of two on one shared subscription (docs/reliability.md, "Several gateways"). */
    private static Map<String, String> env(WebhookReceiver receiver, int member) {
        return Map.of("TELEMED_MQTT_SHARED_GROUP", GROUP,
                "TELEMED_CLUSTER_MEMBERS", "2",
                "TELEMED_CLUSTER_MEMBER", String.valueOf(member),
                "TELEMED_WEBHOOK_URL", receiver.url(),
                "TELEMED_WEBHOOK_SECRET", "whsec_YmVuY2htYXJrLW9ubHktc2VjcmV0LW5vdC1mb3ItdXNl");
    }

    /** Counts the alert events seen on the MQTT alert topic, in the order received, and the webhook requests. */
    static Alerts alerts(int episodes, int probeRaised, int probeResolved, List<byte[]> alertEvents,
                         List<WebhookReceiver.Request> webhookRequests) {
        Map<String, List<String>> raisedByAlert = new HashMap<>();
        Set<String> raisedEventIds = new HashSet<>();
        Map<String, Set<String>> openByCondition = new HashMap<>();
        List<String> whileOpen = new ArrayList<>();
        Map<String, String> conditionOf = new HashMap<>();
        for (byte[] payload : alertEvents) {
            JsonNode e = json(payload);
            if (e == null) {
                continue;
            }
            // An escalation changes an alert's rule (yellow to red): it stays open under the rule it was raised with.
            String condition = conditionOf.getOrDefault(e.path("alertId").asText(),
                    e.path("patient").asText() + " " + e.path("type").asText() + " " + e.path("rule").asText());
            Set<String> open = openByCondition.computeIfAbsent(condition, k -> new HashSet<>());
            if ("resolved".equals(e.path("event").asText())) {
                open.remove(e.path("alertId").asText());
            }
            if ("raised".equals(e.path("event").asText())) {
                if (!open.isEmpty() && !open.contains(e.path("alertId").asText())) {
                    whileOpen.add(condition + " (" + e.path("alertId").asText() + " while " + open.iterator().next() + " was open)");
                }
                open.add(e.path("alertId").asText());
                conditionOf.putIfAbsent(e.path("alertId").asText(), condition);
                String alertId = e.path("alertId").asText();
                raisedByAlert.computeIfAbsent(alertId, k -> new ArrayList<>())
                        .add(e.path("patient").asText() + " " + e.path("rule").asText() + " " + e.path("readingTs").asText());
                raisedEventIds.add(e.path("eventId").asText());
            }
        }
        int requests = 0;
        Set<String> webhookIds = new HashSet<>();
        for (WebhookReceiver.Request r : webhookRequests) {
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
                twice.stream().limit(3).toList(), whileOpen.size(), whileOpen.stream().limit(3).toList());
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
