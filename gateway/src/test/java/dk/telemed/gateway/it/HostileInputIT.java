package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of bad messages mixed into a stream of good readings and symptom responses: every good one is stored,
 * every bad one is rejected with its code, the gateway keeps running and its memory stays flat.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HostileInputIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static final int ROUNDS = 15;

    static TestStack stack;
    static GatewayProcess gateway;
    static MqttTestClient device;
    static MqttTestClient watcher;

    @BeforeAll
    static void start() {
        stack = TestStack.start(Path.of("target/it/HostileInputIT"), """
                patients:
                  - { id: p-0001, careTeam: nord-akut, conditions: [copd, diabetes], devices: [oxi-0001, scale-0001, gluco-0001] }
                  - { id: p-0002, careTeam: syd, conditions: [copd], devices: [oxi-0002] }
                """);
        gateway = stack.startGateway("hostile-it", Map.of());
        device = MqttTestClient.connect(stack.broker().url(), "hostile-device");
        watcher = MqttTestClient.connect(stack.broker().url(), "hostile-watcher");
        watcher.subscribe("telemed/v1/rejected/#");
    }

    @AfterAll
    static void stop() {
        device.close();
        watcher.close();
        stack.close();
    }

    record Bad(String code, String device, byte[] payload) {
        Bad(String code, String device, String payload) {
            this(code, device, payload.getBytes(StandardCharsets.UTF_8));
        }
    }

    static List<Bad> corpus(int round, long now) {
        String id = "r" + round + "-";
        byte[] invalidUtf8 = ("{\"msgId\": \"" + id + "utf8\", \"ts\": " + now + ", \"type\": \"pulse\", \"value\": 70, \"unit\": \"/min\", \"x\": \"\u0000\"}")
                .getBytes(StandardCharsets.UTF_8);
        invalidUtf8[invalidUtf8.length - 4] = (byte) 0xC3;
        invalidUtf8[invalidUtf8.length - 3] = (byte) 0x28;
        return List.of(
                new Bad("malformed_json", "oxi-0001", "{\"msgId\": \"" + id + "cut\", \"ts\": " + now + ", \"type\": \"spo2\", \"val"),
                new Bad("malformed_json", "oxi-0001", "[".repeat(100_000).substring(0, 60_000)),
                // Just under the broker's max_packet_size (1 MiB): the largest message that reaches the gateway.
                new Bad("too_large", "oxi-0001", "{\"msgId\": \"x\", \"pad\": \"" + "A".repeat(1_000_000) + "\"}"),
                new Bad("bad_value", "oxi-0001", reading(id + "type", now, "spo2", "[91]", "%")),
                new Bad("malformed_json", "oxi-0001", reading(id + "nan", now, "spo2", "NaN", "%")),
                new Bad("malformed_json", "oxi-0001", reading(id + "inf", now, "spo2", "Infinity", "%")),
                new Bad("bad_value", "oxi-0001", reading(id + "str", now, "spo2", "\"91\"", "%")),
                new Bad("too_many_readings", "oxi-0001", "{\"msgId\": \"" + id + "huge\", \"readings\": [" + "1,".repeat(20_000) + "1]}"),
                new Bad("malformed_json", "oxi-0001", "{\"msgId\": \"" + id + "ctl\", \"ts\": " + now + ", \"type\": \"spo2\u0001\", \"value\": 91, \"unit\": \"%\"}"),
                new Bad("malformed_json", "oxi-0001", invalidUtf8),
                new Bad("future_timestamp", "oxi-0001", reading(id + "future", now + 400L * 86_400_000L, "spo2", "91", "%")),
                new Bad("bad_timestamp", "oxi-0001", "{\"msgId\": \"" + id + "1969\", \"ts\": \"1969-12-31T00:00:00Z\", \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}"),
                new Bad("out_of_range", "scale-0001", reading(id + "neg", now, "weight", "-72.5", "kg")),
                new Bad("out_of_range", "oxi-0001", reading(id + "140", now, "spo2", "140", "%")),
                new Bad("out_of_range", "gluco-0001", reading(id + "mgdl", now, "glucose", "126", "mmol/L")),
                new Bad("device_mismatch", "oxi-0001", "{\"deviceId\": \"oxi-0002\", \"msgId\": \"" + id + "other\", \"ts\": " + now
                        + ", \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}"),
                new Bad("unknown_device", "oxi-9999", reading(id + "who", now, "spo2", "91", "%")),
                new Bad("malformed_json", "oxi-0001", ""));
    }

    /** Hostile symptom responses, on the responses topic of the same devices. */
    static List<Bad> responses(int round, long now) {
        String id = "q" + round + "-";
        String at = Instant.ofEpochMilli(now).toString();
        return List.of(
                new Bad("malformed_json", "oxi-0001", "{\"msgId\": \"" + id + "cut\", \"questionnaire\": \"diabetes-daily\", \"answ"),
                new Bad("malformed_json", "oxi-0001", "{\"answers\": " + "{\"a\": ".repeat(40) + "1" + "}".repeat(41)),
                new Bad("too_large", "oxi-0001", "{\"msgId\": \"x\", \"pad\": \"" + "A".repeat(100 * 1024) + "\"}"),
                new Bad("malformed_json", "oxi-0001", response(id + "nan", at, "diabetes-daily", "\"hypo\": NaN, \"sick_day\": false")),
                new Bad("malformed_json", "oxi-0001", response(id + "dup", at, "diabetes-daily", "\"hypo\": \"none\", \"hypo\": \"severe\", \"sick_day\": false")),
                new Bad("malformed_json", "oxi-0001", "{\"msgId\": \"" + id + "arr\", \"questionnaire\": \"diabetes-daily\", \"version\": 1, \"answeredAt\": \""
                        + at + "\", \"answers\": [\"none\", false]}"),
                new Bad("bad_answer", "oxi-0001", response(id + "str", at, "diabetes-daily", "\"hypo\": \"none\", \"sick_day\": \"false\"")),
                new Bad("bad_answer", "oxi-0001", response(id + "opt", at, "diabetes-daily", "\"hypo\": \"<script>alert(1)</script>\", \"sick_day\": false")),
                new Bad("unknown_item", "oxi-0001", response(id + "proto", at, "diabetes-daily", "\"hypo\": \"none\", \"sick_day\": false, \"__proto__\": 1")),
                new Bad("out_of_range", "oxi-0001", response(id + "cat", at, "copd-cat", "\"cat_cough\": 99, \"cat_phlegm\": 1, \"cat_chest\": 1, "
                        + "\"cat_breathless\": 1, \"cat_activities\": 1, \"cat_confidence\": 1, \"cat_sleep\": 1, \"cat_energy\": 1")),
                new Bad("missing_answer", "oxi-0001", response(id + "half", at, "diabetes-daily", "\"hypo\": \"none\"")),
                new Bad("unknown_questionnaire", "oxi-0001", response(id + "path", at, "../../etc/passwd", "\"hypo\": \"none\"")),
                new Bad("missing_field", "oxi-0001", "{\"msgId\": \"" + id + "nover\", \"questionnaire\": \"diabetes-daily\", \"answeredAt\": \"" + at
                        + "\", \"answers\": {}}"),
                new Bad("bad_timestamp", "oxi-0001", response(id + "1969", "1969-12-31T00:00:00Z", "diabetes-daily", "\"hypo\": \"none\", \"sick_day\": false")),
                new Bad("future_timestamp", "oxi-0001", response(id + "future", Instant.ofEpochMilli(now).plus(400, ChronoUnit.DAYS).toString(),
                        "diabetes-daily", "\"hypo\": \"none\", \"sick_day\": false")),
                new Bad("device_mismatch", "oxi-0001", response(id + "other", at, "diabetes-daily", "\"hypo\": \"none\", \"sick_day\": false")
                        .replace("{\"msgId\"", "{\"deviceId\": \"oxi-0002\", \"msgId\"")),
                new Bad("unknown_device", "oxi-9999", response(id + "who", at, "diabetes-daily", "\"hypo\": \"none\", \"sick_day\": false")),
                new Bad("malformed_json", "oxi-0001", ""));
    }

    static String response(String msgId, String answeredAt, String questionnaire, String answers) {
        return "{\"msgId\": \"%s\", \"questionnaire\": \"%s\", \"version\": 1, \"answeredAt\": \"%s\", \"answers\": {%s}}"
                .formatted(msgId, questionnaire, answeredAt, answers);
    }

    static String reading(String msgId, long ts, String type, String value, String unit) {
        return "{\"msgId\": \"%s\", \"ts\": %d, \"type\": \"%s\", \"value\": %s, \"unit\": \"%s\"}".formatted(msgId, ts, type, value, unit);
    }

    @Test
    void badMessagesAreRejectedGoodOnesStoredAndMemoryStaysFlat() throws Exception {
        long firstTs = Instant.now().minus(2, ChronoUnit.HOURS).toEpochMilli();
        Map<String, Integer> expected = new HashMap<>();
        int good = 0;
        double heapBefore = heapAfterGc();
        for (int round = 0; round < ROUNDS; round++) {
            for (Bad bad : corpus(round, System.currentTimeMillis())) {
                device.publish("telemed/v1/devices/" + bad.device() + "/readings", bad.payload());
                expected.merge(bad.code(), 1, Integer::sum);
                // A good reading, with an unknown field, after every bad one.
                long ts = firstTs + good;
                device.publish("telemed/v1/devices/oxi-0001/readings",
                        "{\"msgId\": \"good-%d\", \"ts\": %d, \"type\": \"pulse\", \"value\": %d, \"unit\": \"/min\", \"firmware\": \"2.1\"}"
                                .formatted(good, ts, 60 + good % 30));
                good++;
            }
            for (Bad bad : responses(round, System.currentTimeMillis())) {
                device.publish("telemed/v1/devices/" + bad.device() + "/responses", bad.payload());
                expected.merge(bad.code(), 1, Integer::sum);
            }
            // A good response after the hostile ones of each round.
            device.publish("telemed/v1/devices/oxi-0001/responses", response("good-response-" + round,
                    Instant.ofEpochMilli(firstTs + round).toString(), "diabetes-daily", "\"hypo\": \"none\", \"sick_day\": false"));
        }
        int goodReadings = good;
        Await.until("all good readings stored", WAIT, () -> stack.stored("type = 'pulse' AND device = 'oxi-0001'") == goodReadings);
        int badMessages = expected.values().stream().mapToInt(Integer::intValue).sum();
        Await.until("a rejection for every bad message", WAIT, () -> watcher.received().size() >= badMessages);

        Map<String, Integer> actual = new HashMap<>();
        for (MqttTestClient.Received r : watcher.received()) {
            JsonNode body = JSON.readTree(r.payload());
            actual.merge(body.path("code").asText(), 1, Integer::sum);
            assertThat(body.path("reason").asText()).isNotBlank();
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(stack.stored("type = 'pulse' AND device = 'oxi-0001'")).isEqualTo(goodReadings);
        Await.until("every good response stored", WAIT, () -> stack.influx().count(TestStack.DB,
                "SELECT count(score) FROM responses WHERE item = '_total' AND patient = 'p-0001'") == ROUNDS);
        assertThat(stack.influx().count(TestStack.DB, "SELECT count(value) FROM responses WHERE item != '_total'"))
                .as("nothing of the bad responses stored: two items per good one").isEqualTo(2L * ROUNDS);
        assertThat(stack.stored("type != 'pulse' AND time > now() - 1d")).as("nothing of the bad messages stored").isZero();
        assertThat(gateway.isAlive()).isTrue();
        assertThat(gateway.get("/health")).isEqualTo(200);
        double heapAfter = heapAfterGc();
        assertThat(heapAfter - heapBefore).as("heap growth after %d bad messages (bytes)", badMessages)
                .isLessThan(16 * 1024 * 1024);
    }

    @Test
    void aWeekOldReadingIsStoredAtItsOwnTime() {
        Instant weekAgo = Instant.now().minus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        device.publish("telemed/v1/devices/scale-0001/readings", reading("week-old", weekAgo.toEpochMilli(), "weight", "81.2", "kg"));
        Await.until("stored at its own time", WAIT, () -> stack.stored("type = 'weight' AND time = '" + weekAgo + "'") == 1);
    }

    /** Heap in use right after a full collection in the gateway, from its own metrics. */
    static double heapAfterGc() throws Exception {
        Process gc = new ProcessBuilder("jcmd", String.valueOf(gateway.pid()), "GC.run").redirectErrorStream(true).start();
        assertThat(gc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return gateway.metric("jvm_memory_used_bytes", "area", "heap");
    }

}
