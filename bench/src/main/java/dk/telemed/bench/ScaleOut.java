package dk.telemed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.WebhookReceiver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two gateways on one shared subscription ({@code TELEMED_MQTT_SHARED_GROUP}, their own client
 * ids) against one broker and one database. device-sim publishes batches of 20 as fast as it
 * can for {@link Settings#throughputRun()}, and says how many the broker acknowledged;
 * the checks: InfluxDB holds exactly that many points, each gateway stored some, and the two
 * {@code telemed_readings_stored_total} add up to it (anything above is a redelivery written
 * again as the same point). Meanwhile the probe device raises and resolves alerts; each
 * alarming reading must raise exactly one alert, whichever gateway took it, counted on the
 * MQTT alert topic (one event per gateway that raised) and at the webhook receiver (where
 * each gateway delivers every event, docs/alert-hooks.md, so a webhook-id arrives twice).
 */
public final class ScaleOut {
    static final String GROUP = "bench";
    static final int EPISODES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param storedPerGateway each gateway's telemed_readings_stored_total
     * @param duplicatesDropped redelivered messages the gateways recognised and skipped
     * @param together          both gateways' readings handled per second while device-sim published as fast as it could
     */
    public record Result(int gateways, long published, long storedInInflux, List<Double> storedPerGateway, double storedSum,
                         double duplicatesDropped, Throughput together, Alerts alerts, boolean brokerDropped, String loadAverage) {
        public boolean everyReadingOnce() {
            return storedInInflux == published && storedPerGateway.stream().allMatch(s -> s > 0);
        }
    }

    /**
     * @param episodes        alarming readings published (each followed by a normal one)
     * @param raisedOnMqtt    raised events on telemed/v1/alerts/# for those readings
     * @param raisedTwice     alarming readings that raised more than one alert (must be 0)
     * @param webhookRequests requests the receiver got for those raised events
     * @param webhookIds      distinct webhook-ids among them
     */
    public record Alerts(String status, int episodes, int raisedOnMqtt, int raisedTwice, int webhookRequests, int webhookIds) {
    }

    private ScaleOut() {
    }

    public static Result measure(Layout layout, Settings settings, Path registry, Latency.AlertSupport alertSupport, Log log) {
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
            DeviceSim.Running load = sim.start(stack.broker().url(), new DeviceSim.Run(Settings.PATIENTS, 20, 1_000_000,
                    settings.throughputRun().toSeconds(), 0, Settings.CONNECTIONS, "bench-scale-out"));
            List<Long> alarming = new ArrayList<>();
            try (Probe probe = Probe.connect(stack.broker().url(), "bench-probe", stack.influx().url(), receiver)) {
                for (int i = 0; i < EPISODES && !alertSupport.knownAbsent(); i++) {
                    Probe.AlertSample sample = probe.alertOnce(Duration.ofSeconds(i == 0 ? 10 : 3));
                    alertSupport.learn(sample.raised());
                    alarming.add(sample.readingTs());
                }
                DeviceSim.Report report = load.await(Duration.ofMinutes(10));
                long expected = report.readingsAcked() + probe.messages();
                stack.await(() -> gateways.stream().mapToDouble(g -> Scrape.of(g).handled()).sum() >= expected, EndToEnd.DRAIN);
                handled.close();
                Throughput both = Throughput.of(handled.samples(), report);
                BenchStack.sleep(3_000);
                List<Double> stored = gateways.stream().map(g -> Scrape.of(g).stored()).toList();
                double duplicates = gateways.stream().mapToDouble(g -> Scrape.of(g).duplicates()).sum();
                long inInflux = stack.stored("device != '" + Probe.DEVICE + "'");
                Alerts alerts = alerts(alarming, nurses, receiver, alertSupport);
                Result r = new Result(gateways.size(), report.readingsAcked(), inInflux, stored,
                        stored.stream().mapToDouble(Double::doubleValue).sum() - probe.messages(), duplicates, both,
                        alerts, stack.broker().droppedMessages(), Machine.loadAverage());
                log.line("  scale-out: %s published, %s in InfluxDB, stored per gateway %s, duplicates dropped %s; alerts: %s",
                        Log.n(r.published()), Log.n(r.storedInInflux()), stored.stream().map(Log::n).toList(), Log.n(duplicates),
                        alerts.status());
                return r;
            }
        }
    }

    private static Alerts alerts(List<Long> alarming, MqttTestClient nurses, WebhookReceiver receiver,
                                 Latency.AlertSupport support) {
        Map<Long, List<String>> raisedByReading = new HashMap<>();
        Set<String> raisedEventIds = new HashSet<>();
        for (MqttTestClient.Received m : nurses.received()) {
            JsonNode e = json(m.payload());
            if (e != null && Probe.PATIENT.equals(e.path("patient").asText()) && "raised".equals(e.path("event").asText())) {
                long readingTs = Instant.parse(e.path("readingTs").asText()).toEpochMilli();
                if (alarming.contains(readingTs)) {
                    raisedByReading.computeIfAbsent(readingTs, k -> new ArrayList<>()).add(e.path("eventId").asText());
                    raisedEventIds.add(e.path("eventId").asText());
                }
            }
        }
        int requests = 0;
        Set<String> webhookIds = new HashSet<>();
        for (WebhookReceiver.Request r : receiver.requests()) {
            JsonNode e = json(r.body());
            if (e != null && raisedEventIds.contains(e.path("eventId").asText())) {
                requests++;
                webhookIds.add(r.id());
            }
        }
        int raised = raisedByReading.values().stream().mapToInt(List::size).sum();
        int twice = (int) raisedByReading.values().stream().filter(l -> l.size() > 1).count();
        String status = raised == 0 ? support.notMeasured() : "measured";
        return new Alerts(status, alarming.size(), raised, twice, requests, webhookIds.size());
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
