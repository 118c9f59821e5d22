package dk.telemed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.WebhookReceiver;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A device of its own amid the background load: it publishes one SpO2 reading at a time at a
 * known instant (the reading's {@code ts} is that instant, in ms) and finds out when it is
 * stored by asking InfluxDB for exactly that point every {@value #POLL_MS} ms, and when an
 * alarming reading's {@code raised} event reaches the webhook receiver.
 *
 * <p>Stored is bracketed: the point was not visible when the last query that missed it started,
 * and was visible when the first query that found it answered. The latency reported is the
 * upper end (publish → that answer); {@link StoreSample#uncertaintyMs()} is the bracket's width,
 * by which it may be too high. The webhook receiver stamps each request on arrival, so the alert
 * latency needs no polling.
 */
public final class Probe implements AutoCloseable {
    public static final String PATIENT = "p-probe";
    public static final String DEVICE = "oxi-probe";
    public static final String CARE_TEAM = "nord-akut";
    static final long POLL_MS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "telemed/v1/devices/" + DEVICE + "/readings";

    private final MqttAsyncClient client;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String influxUrl;
    private final WebhookReceiver receiver;
    private final Map<Long, Instant> raisedByReadingTs = new HashMap<>();
    private final Map<String, Instant> resolvedByAlertId = new HashMap<>();
    private final Map<Long, String> alertIdByReadingTs = new HashMap<>();
    private int seenRequests;
    private long lastTs;
    private long messages;

    /** One store probe. */
    public record StoreSample(boolean found, double latencyMs, double uncertaintyMs) {
    }

    /** One alert probe: publish of an alarming reading → its raised event at the webhook receiver. */
    public record AlertSample(long readingTs, boolean raised, double latencyMs, boolean resolved) {
    }

    private Probe(MqttAsyncClient client, String influxUrl, WebhookReceiver receiver) {
        this.client = client;
        this.influxUrl = influxUrl;
        this.receiver = receiver;
    }

    /** The probe patient's entry for the registry: a COPD patient with one pulse oximeter. */
    public static String registryEntry() {
        return """
                  - id: %s
                    careTeam: %s
                    conditions: [copd]
                    devices: [%s]
                """.formatted(PATIENT, CARE_TEAM, DEVICE);
    }

    public static Probe connect(String mqttUrl, String clientId, String influxUrl, WebhookReceiver receiver) {
        try {
            MqttAsyncClient c = new MqttAsyncClient(mqttUrl, clientId, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            c.connect(o).waitForCompletion(10_000);
            return new Probe(c, influxUrl, receiver);
        } catch (MqttException e) {
            throw new IllegalStateException("the probe cannot connect to " + mqttUrl + ": " + e, e);
        }
    }

    /** Publishes a normal reading (SpO2 95 %) and waits until InfluxDB has it, or {@code timeout}. */
    public StoreSample storeOnce(Duration timeout) {
        long ts = nextTs();
        long t0 = System.nanoTime();
        publish(ts, 95);
        long lastMissStart = t0;
        long deadline = t0 + timeout.toNanos();
        while (true) {
            long queryStart = System.nanoTime();
            boolean found = stored(ts);
            long queryEnd = System.nanoTime();
            if (found) {
                return new StoreSample(true, (queryEnd - t0) / 1e6, (queryEnd - lastMissStart) / 1e6);
            }
            lastMissStart = queryStart;
            if (queryEnd > deadline) {
                return new StoreSample(false, Double.NaN, Double.NaN);
            }
            LockSupport.parkNanos(Math.max(0, queryStart + POLL_MS * 1_000_000L - System.nanoTime()));
        }
    }

    /**
     * Publishes an alarming reading (SpO2 80 %, red for a COPD patient) and waits for its
     * {@code raised} event at the webhook receiver; then a normal one (95 %) and waits, less
     * long, for the alert to resolve, so the next probe raises a new alert.
     */
    public AlertSample alertOnce(Duration timeout) {
        long ts = nextTs();
        Instant published = Instant.now();
        publish(ts, 80);
        Optional<Instant> raised = waitFor(() -> Optional.ofNullable(raisedByReadingTs.get(ts)), timeout);
        if (raised.isEmpty()) {
            return new AlertSample(ts, false, Double.NaN, false);
        }
        String alertId = alertIdByReadingTs.get(ts);
        publish(nextTs(), 95);
        boolean resolved = waitFor(() -> Optional.ofNullable(resolvedByAlertId.get(alertId)), Duration.ofSeconds(5)).isPresent();
        return new AlertSample(ts, true, Duration.between(published, raised.get()).toNanos() / 1e6, resolved);
    }

    /** Messages the probe published. */
    public long messages() {
        return messages;
    }

    private long nextTs() {
        lastTs = Math.max(lastTs + 1, System.currentTimeMillis());
        return lastTs;
    }

    private void publish(long ts, int spo2) {
        String payload = "{\"msgId\":\"probe-" + ts + "\",\"ts\":" + ts + ",\"type\":\"spo2\",\"value\":" + spo2 + ",\"unit\":\"%\"}";
        try {
            client.publish(TOPIC, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            messages++;
        } catch (MqttException e) {
            throw new IllegalStateException("probe publish failed: " + e, e);
        }
    }

    private boolean stored(long ts) {
        String q = "SELECT value FROM readings WHERE device='" + DEVICE + "' AND time = " + ts + "ms";
        URI uri = URI.create(influxUrl + "/query?db=" + BenchStack.DB + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"values\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private <T> Optional<T> waitFor(java.util.function.Supplier<Optional<T>> what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            readWebhooks();
            Optional<T> found = what.get();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** Takes up the receiver's new requests: the probe patient's SpO2 events, by reading time and alert. */
    private void readWebhooks() {
        if (receiver == null) {
            return;
        }
        List<WebhookReceiver.Request> all = receiver.requests();
        for (int i = seenRequests; i < all.size(); i++) {
            WebhookReceiver.Request r = all.get(i);
            try {
                JsonNode e = JSON.readTree(r.body());
                if (!PATIENT.equals(e.path("patient").asText()) || !"spo2".equals(e.path("type").asText())) {
                    continue;
                }
                String event = e.path("event").asText();
                String alertId = e.path("alertId").asText();
                if (event.equals("raised") && e.hasNonNull("readingTs")) {
                    long readingTs = Instant.parse(e.path("readingTs").asText()).toEpochMilli();
                    raisedByReadingTs.putIfAbsent(readingTs, r.receivedAt());
                    alertIdByReadingTs.putIfAbsent(readingTs, alertId);
                } else if (event.equals("resolved")) {
                    resolvedByAlertId.putIfAbsent(alertId, r.receivedAt());
                }
            } catch (IOException | RuntimeException ignored) {
                // Not an alert event of ours.
            }
        }
        seenRequests = all.size();
    }

    @Override
    public void close() {
        try {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        } catch (MqttException e) {
            // The broker may be gone already.
        }
    }
}
