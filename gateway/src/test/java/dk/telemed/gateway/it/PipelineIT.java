package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.InfluxServer;
import dk.telemed.testsupport.ManagedProcess;
import dk.telemed.testsupport.MosquittoServer;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on real parts: a real MQTT client publishes to a real Mosquitto, the
 * packaged gateway runs as its own process, and the readings are read back from a real InfluxDB.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class PipelineIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String DB = TestStack.DB;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REGISTRY = """
            patients:
              - id: p-0001
                careTeam: nord-akut
                conditions: [copd]
                devices: [oxi-0001, spiro-0001, scale-0001]
              - id: p-0002
                careTeam: syd
                conditions: [diabetes]
                devices: [gluco-0002]
            """;

    static TestStack stack;
    static MosquittoServer broker;
    static InfluxServer influx;
    static GatewayProcess gateway;
    static Path registry;
    static MqttTestClient device;

    @BeforeAll
    static void startEverything() {
        stack = TestStack.start(Path.of("target/it/PipelineIT"), REGISTRY);
        broker = stack.broker();
        influx = stack.influx();
        registry = stack.registry();
        gateway = stack.startGateway("pipeline-it", Map.of());
        Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);
        device = MqttTestClient.connect(broker.url(), "pipeline-it-device");
    }

    @AfterAll
    static void stopEverything() {
        if (device != null) {
            device.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static long stored(String where) {
        return stack.stored(where);
    }

    @Test
    void readingsArriveWithTheRightTagsValueAndTime() {
        Instant ts = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        device.publish("telemed/v1/devices/oxi-0001/readings", """
                {"msgId": "oxi-0001-a1", "ts": "%s", "type": "spo2", "value": 91, "unit": "%%"}""".formatted(ts));
        device.publish("telemed/v1/devices/spiro-0001/readings", """
                {"msgId": "spiro-0001-a1", "readings": [
                  {"ts": %d, "type": "fev1", "value": 1420, "unit": "mL"},
                  {"ts": %d, "type": "fvc", "value": 2.61, "unit": "L"},
                  {"ts": %d, "type": "pef", "value": 4, "unit": "L/s"}]}""".formatted(ts.toEpochMilli(), ts.toEpochMilli(), ts.toEpochMilli()));

        Await.until("four readings stored", WAIT, () -> stored("patient = 'p-0001' AND time = '" + ts + "'") == 4);
        List<List<Object>> rows = influx.query(DB, "SELECT value, patient, device, type FROM readings WHERE time = '" + ts + "' ORDER BY time");
        assertThat(rows).extracting(r -> "%s|%s|%s|%.2f".formatted(r.get(4), r.get(3), r.get(2), ((Number) r.get(1)).doubleValue()))
                .containsExactlyInAnyOrder(
                        "spo2|oxi-0001|p-0001|91.00",
                        "fev1|spiro-0001|p-0001|1.42",
                        "fvc|spiro-0001|p-0001|2.61",
                        "pef|spiro-0001|p-0001|240.00");
        assertThat(rows).allSatisfy(r -> assertThat(Instant.parse((String) r.get(0))).isEqualTo(ts));
        assertThat(gateway.metric("telemed_readings_stored_total")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void everyRejectionCodeIsPublishedWithAReasonAndTheGatewayKeepsServing() throws Exception {
        try (MqttTestClient watcher = MqttTestClient.connect(broker.url(), "pipeline-it-rejections")) {
            watcher.subscribe("telemed/v1/rejected/#");
            long now = System.currentTimeMillis();
            String ok = "{\"ts\": %d, \"type\": \"pulse\", \"value\": 70, \"unit\": \"/min\"}".formatted(now);
            Map<String, String[]> cases = Map.ofEntries(
                    Map.entry("malformed_json", new String[]{"oxi-0001", "{\"msgId\": \"r-malformed\", \"ts\": "}),
                    Map.entry("too_large", new String[]{"oxi-0001", "{\"msgId\": \"r-large\", \"pad\": \"" + "x".repeat(70_000) + "\"}"}),
                    Map.entry("too_many_readings", new String[]{"oxi-0001", "{\"msgId\": \"r-many\", \"readings\": ["
                            + String.join(",", java.util.Collections.nCopies(1001, "{}")) + "]}"}),
                    Map.entry("bad_device_id", new String[]{"oxi 0001", ok}),
                    Map.entry("unknown_device", new String[]{"oxi-9999", ok}),
                    Map.entry("missing_field", new String[]{"oxi-0001", "{\"msgId\": \"r-missing\", \"ts\": %d, \"type\": \"spo2\", \"unit\": \"%%\"}".formatted(now)}),
                    Map.entry("unknown_type", new String[]{"oxi-0001", "{\"msgId\": \"r-type\", \"ts\": %d, \"type\": \"mood\", \"value\": 3, \"unit\": \"1\"}".formatted(now)}),
                    Map.entry("bad_unit", new String[]{"oxi-0001", "{\"msgId\": \"r-unit\", \"ts\": %d, \"type\": \"spo2\", \"value\": 91, \"unit\": \"mmHg\"}".formatted(now)}),
                    Map.entry("bad_value", new String[]{"oxi-0001", "{\"msgId\": \"r-value\", \"ts\": %d, \"type\": \"spo2\", \"value\": \"91\", \"unit\": \"%%\"}".formatted(now)}),
                    Map.entry("out_of_range", new String[]{"oxi-0001", "{\"msgId\": \"r-range\", \"ts\": %d, \"type\": \"spo2\", \"value\": 140, \"unit\": \"%%\"}".formatted(now)}),
                    Map.entry("bad_timestamp", new String[]{"oxi-0001", "{\"msgId\": \"r-ts\", \"ts\": \"1969-07-20T20:17:00Z\", \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}"}),
                    Map.entry("future_timestamp", new String[]{"oxi-0001", "{\"msgId\": \"r-future\", \"ts\": %d, \"type\": \"spo2\", \"value\": 91, \"unit\": \"%%\"}".formatted(now + 86_400_000L)}));
            cases.values().forEach(c -> device.publish("telemed/v1/devices/" + c[0] + "/readings", c[1]));

            Await.until("a rejection for every code", WAIT, () -> codes(watcher.received()).containsAll(cases.keySet()));
            for (MqttTestClient.Received r : watcher.received()) {
                JsonNode body = JSON.readTree(r.payload());
                assertThat(body.path("reason").asText()).as("reason of %s", body).isNotBlank();
                assertThat(body.path("receivedAt").asText()).isNotBlank();
                assertThat(body.has("msgId")).isTrue();
                String code = body.path("code").asText();
                String expectedDevice = cases.get(code)[0].equals("oxi 0001") ? "_invalid_device_id" : cases.get(code)[0];
                assertThat(r.topic()).isEqualTo("telemed/v1/rejected/" + expectedDevice);
                assertThat(body.path("deviceId").asText()).isEqualTo(expectedDevice);
            }
            JsonNode unit = watcher.received().stream().map(r -> read(r.payload()))
                    .filter(b -> b.path("code").asText().equals("bad_unit")).findFirst().orElseThrow();
            assertThat(unit.path("msgId").asText()).isEqualTo("r-unit");
            assertThat(unit.path("reason").asText()).contains("mmHg").contains("%");
            assertThat(gateway.metric("telemed_readings_rejected_total", "code", "unknown_device")).isGreaterThanOrEqualTo(1);
            assertThat(gateway.metric("telemed_readings_rejected_total", "code", "too_many_readings")).isGreaterThanOrEqualTo(1);
        }
        long ts = System.currentTimeMillis() - 5_000;
        device.publish("telemed/v1/devices/gluco-0002/readings",
                "{\"msgId\": \"after-bad\", \"ts\": %d, \"type\": \"glucose\", \"value\": 99.1, \"unit\": \"mg/dL\"}".formatted(ts));
        Await.until("a good reading after the bad ones", WAIT, () -> stored("patient = 'p-0002' AND type = 'glucose'") >= 1);
        assertThat(gateway.get("/health")).isEqualTo(200);
        assertThat(gateway.isAlive()).isTrue();
    }

    @Test
    void aBurstOfTenThousandReadingsIsAFewLargeWrites() {
        long first = System.currentTimeMillis() - 3_600_000L;
        double writesBefore = gateway.metric("telemed_store_batch_size_points_count");
        double storedBefore = gateway.metric("telemed_readings_stored_total");
        // Queued in the broker while the gateway is paused, as a burst waits after an outage: how
        // many writes it takes then shows the batching, not how fast this test could publish.
        gateway.signal(ManagedProcess.Signal.STOP);
        try {
            for (int message = 0; message < 100; message++) {
                StringBuilder batch = new StringBuilder("{\"msgId\": \"burst-" + message + "\", \"readings\": [");
                for (int i = 0; i < 100; i++) {
                    batch.append(i == 0 ? "" : ",").append("{\"ts\": %d, \"type\": \"pulse\", \"value\": 70, \"unit\": \"/min\"}"
                            .formatted(first + message * 100L + i));
                }
                device.publish("telemed/v1/devices/spiro-0001/readings", batch.append("]}").toString());
            }
        } finally {
            gateway.signal(ManagedProcess.Signal.CONT);
        }
        Await.until("the burst stored", WAIT, () -> gateway.metric("telemed_readings_stored_total") >= storedBefore + 10_000);
        double writes = gateway.metric("telemed_store_batch_size_points_count") - writesBefore;
        // 100 messages, so fewer writes than messages shows readings of many messages sharing a write.
        assertThat(writes).as("InfluxDB writes for 10,000 readings in 100 messages").isBetween(1.0, 25.0);
        assertThat(stored("device = 'spiro-0001' AND type = 'pulse' AND time >= " + first + "ms AND time < " + (first + 10_000) + "ms"))
                .isEqualTo(10_000);
    }

    @Test
    void aRedeliveredMessageIsStoredOnce() {
        long ts = System.currentTimeMillis() - 10_000;
        String first = "{\"msgId\": \"scale-0001-dup\", \"ts\": %d, \"type\": \"weight\", \"value\": 80.5, \"unit\": \"kg\"}".formatted(ts);
        String again = "{\"msgId\": \"scale-0001-dup\", \"ts\": %d, \"type\": \"weight\", \"value\": 99.9, \"unit\": \"kg\"}".formatted(ts + 1);
        double duplicatesBefore = gateway.metric("telemed_messages_duplicate_total");
        device.publish("telemed/v1/devices/scale-0001/readings", first);
        // Handled, not only stored: its msgId is remembered once the rules have judged it, and the
        // broker redelivers only what was never acknowledged.
        Await.until("the first copy stored and acknowledged", WAIT, () -> stored("device = 'scale-0001'") == 1
                && gateway.metric("telemed_messages_unacknowledged") == 0);
        device.publish("telemed/v1/devices/scale-0001/readings", again);
        Await.until("the copy counted as a duplicate", WAIT,
                () -> gateway.metric("telemed_messages_duplicate_total") > duplicatesBefore);
        assertThat(stored("device = 'scale-0001'")).isEqualTo(1);
        assertThat(((Number) influx.query(DB, "SELECT value FROM readings WHERE device = 'scale-0001'").get(0).get(1)).doubleValue())
                .isEqualTo(80.5);
    }

    @Test
    void theSameReadingWithoutMsgIdIsStillOnePoint() {
        long ts = System.currentTimeMillis() - 20_000;
        String reading = "{\"ts\": %d, \"type\": \"glucose\", \"value\": 6.1, \"unit\": \"mmol/L\"}".formatted(ts);
        double storedBefore = gateway.metric("telemed_readings_stored_total");
        device.publish("telemed/v1/devices/gluco-0002/readings", reading);
        device.publish("telemed/v1/devices/gluco-0002/readings", reading);
        Await.until("both copies written", WAIT, () -> gateway.metric("telemed_readings_stored_total") >= storedBefore + 2);
        assertThat(stored("device = 'gluco-0002' AND time = " + ts + "ms")).isEqualTo(1);
    }

    @Test
    void readyIs503WhileInfluxIsDownAndNothingIsLost() {
        try {
            influx.stop();
            Await.until("/ready 503", WAIT, () -> gateway.get("/ready") == 503);
            assertThat(gateway.getBody("/ready")).contains("influx").contains("down");
            long ts = System.currentTimeMillis() - 30_000;
            for (int i = 0; i < 50; i++) {
                device.publish("telemed/v1/devices/oxi-0001/readings",
                        "{\"msgId\": \"outage-%d\", \"ts\": %d, \"type\": \"pulse\", \"value\": %d, \"unit\": \"/min\"}".formatted(i, ts + i, 60 + i % 30));
            }
            assertThat(gateway.get("/health")).isEqualTo(200);
        } finally {
            influx.start();
        }
        Await.until("/ready 200 again", WAIT, () -> gateway.get("/ready") == 200);
        Await.until("the 50 readings sent during the outage stored", WAIT,
                () -> stored("device = 'oxi-0001' AND type = 'pulse'") >= 50);
        assertThat(stored("device = 'oxi-0001' AND type = 'pulse'")).isEqualTo(50);
    }

    @Test
    void aRegistryChangeTakesEffectWithoutRestartAndABadOneIsRefused() throws Exception {
        long ts = System.currentTimeMillis() - 40_000;
        String reading = "{\"msgId\": \"bp-new-%d\", \"ts\": %d, \"type\": \"bp_sys\", \"value\": 128, \"unit\": \"mmHg\"}";
        try (MqttTestClient watcher = MqttTestClient.connect(broker.url(), "pipeline-it-registry")) {
            watcher.subscribe("telemed/v1/rejected/bp-0002");
            device.publish("telemed/v1/devices/bp-0002/readings", reading.formatted(1, ts));
            Await.until("unknown_device before the change", WAIT, () -> codes(watcher.received()).contains("unknown_device"));
        }
        Files.writeString(registry, REGISTRY.replace("devices: [gluco-0002]", "devices: [gluco-0002, bp-0002]"));
        Await.until("registry reloaded", WAIT, () -> gateway.log().contains("reloaded"));
        device.publish("telemed/v1/devices/bp-0002/readings", reading.formatted(2, ts + 1));
        Await.until("the new device's reading stored", WAIT, () -> stored("device = 'bp-0002' AND patient = 'p-0002'") == 1);

        Files.writeString(registry, "patients:\n  - id: [broken\n");
        Await.until("the bad registry refused", WAIT, () -> gateway.log().contains("keeping the last good registry"));
        device.publish("telemed/v1/devices/bp-0002/readings", reading.formatted(3, ts + 2));
        Await.until("still stored under the last good registry", WAIT, () -> stored("device = 'bp-0002'") == 2);
        Files.writeString(registry, REGISTRY.replace("devices: [gluco-0002]", "devices: [gluco-0002, bp-0002]"));
    }

    static Set<String> codes(List<MqttTestClient.Received> messages) {
        return messages.stream().map(m -> read(m.payload()).path("code").asText()).collect(Collectors.toSet());
    }

    static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + new String(payload, StandardCharsets.UTF_8), e);
        }
    }
}
