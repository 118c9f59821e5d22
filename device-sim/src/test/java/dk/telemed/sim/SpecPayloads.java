package dk.telemed.sim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks payloads against the interface spec, section 1, written out here independently of the
 * simulator's own tables so a mistake in those is caught rather than repeated.
 */
public final class SpecPayloads {

    /** One reading as the gateway would store it. */
    public record Parsed(String deviceId, String msgId, boolean batchForm, String type, long tsMillis,
            String tsText, String unit, Double canonicalValue, String limit) {
    }

    private record Unit(String code, double toCanonical, int maxDecimals) {
    }

    private record Type(double min, double max, Unit canonical, List<Unit> alternates) {
    }

    private static final Map<String, Type> TYPES = Map.ofEntries(
            Map.entry("spo2", new Type(50, 100, new Unit("%", 1, 0), List.of())),
            Map.entry("pulse", new Type(20, 300, new Unit("/min", 1, 0), List.of(new Unit("bpm", 1, 0)))),
            Map.entry("resp_rate", new Type(4, 80, new Unit("/min", 1, 0), List.of())),
            Map.entry("weight", new Type(10, 350, new Unit("kg", 1, 1),
                    List.of(new Unit("[lb_av]", 0.45359237, 1), new Unit("lb", 0.45359237, 1), new Unit("g", 0.001, 0)))),
            Map.entry("fev1", new Type(0.1, 10, new Unit("L", 1, 2), List.of(new Unit("mL", 0.001, 0)))),
            Map.entry("fvc", new Type(0.1, 12, new Unit("L", 1, 2), List.of(new Unit("mL", 0.001, 0)))),
            Map.entry("pef", new Type(20, 1000, new Unit("L/min", 1, 0), List.of(new Unit("L/s", 60, 2)))),
            Map.entry("glucose", new Type(0.6, 33.3, new Unit("mmol/L", 1, 1),
                    List.of(new Unit("mg/dL", 1 / 18.016, 0)))),
            Map.entry("ketones", new Type(0, 8, new Unit("mmol/L", 1, 1), List.of())),
            Map.entry("bp_sys", new Type(40, 300, new Unit("mm[Hg]", 1, 0), List.of(new Unit("mmHg", 1, 0)))),
            Map.entry("bp_dia", new Type(20, 200, new Unit("mm[Hg]", 1, 0), List.of(new Unit("mmHg", 1, 0)))));

    private static final Pattern TOPIC = Pattern.compile("telemed/v1/devices/([A-Za-z0-9._-]{1,64})/readings");
    private static final Set<String> SINGLE_FIELDS = Set.of("msgId", "ts", "type", "value", "unit");
    private static final Set<String> READING_FIELDS = Set.of("ts", "type", "value", "unit");

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Parses and checks one readings message; fails the test on any deviation from the spec. */
    public List<Parsed> parse(String topic, byte[] payload) {
        var m = TOPIC.matcher(topic);
        assertThat(m.matches()).as("topic %s", topic).isTrue();
        String deviceId = m.group(1);
        assertThat(payload.length).as("payload size").isLessThanOrEqualTo(64 * 1024);
        String text = new String(payload, StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
        assertThat(root.isObject()).as(text).isTrue();
        String msgId = root.path("msgId").asText(null);
        assertThat(msgId).as("msgId in %s", text).isNotBlank().startsWith(deviceId + "-");
        List<Parsed> out = new ArrayList<>();
        if (root.has("readings")) {
            assertThat(fieldNames(root)).as(text).containsExactlyInAnyOrder("msgId", "readings");
            JsonNode readings = root.get("readings");
            assertThat(readings.isArray()).as(text).isTrue();
            assertThat(readings.size()).as(text).isBetween(1, 1000);
            for (JsonNode r : readings) {
                assertThat(fieldNames(r)).as(text).containsExactlyInAnyOrderElementsOf(READING_FIELDS);
                out.add(reading(deviceId, msgId, true, r, text));
            }
        } else {
            assertThat(fieldNames(root)).as(text).containsExactlyInAnyOrderElementsOf(SINGLE_FIELDS);
            out.add(reading(deviceId, msgId, false, root, text));
        }
        return out;
    }

    private Parsed reading(String deviceId, String msgId, boolean batch, JsonNode r, String text) {
        String type = r.path("type").asText(null);
        Type spec = TYPES.get(type);
        if (spec == null) {
            fail("unknown type '%s' in %s", type, text);
        }
        String unitCode = r.path("unit").asText(null);
        Unit unit = spec.canonical().code().equals(unitCode) ? spec.canonical()
                : spec.alternates().stream().filter(u -> u.code().equals(unitCode)).findFirst().orElse(null);
        if (unit == null) {
            fail("unit '%s' is not accepted for %s in %s", unitCode, type, text);
        }
        JsonNode ts = r.get("ts");
        long tsMillis;
        if (ts.isIntegralNumber()) {
            tsMillis = ts.asLong();
        } else {
            assertThat(ts.isTextual()).as("ts in %s", text).isTrue();
            try {
                tsMillis = OffsetDateTime.parse(ts.asText()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new AssertionError("ts is not RFC 3339 with an offset: " + text, e);
            }
            assertThat(ts.asText()).as("RFC 3339 with 'T' and an offset").matches(
                    "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
        }
        JsonNode value = r.get("value");
        if (value.isTextual()) {
            assertThat(value.asText()).as("only LO/HI may be text: %s", text).isIn("LO", "HI");
            assertThat(type).as("LO/HI from a glucometer").isEqualTo("glucose");
            return new Parsed(deviceId, msgId, batch, type, tsMillis, ts.asText(), unitCode, null, value.asText());
        }
        assertThat(value.isNumber()).as("value in %s", text).isTrue();
        BigDecimal decimal = value.decimalValue();
        assertThat(Math.max(0, decimal.scale())).as("decimals of %s in %s", type, text)
                .isLessThanOrEqualTo(unit.maxDecimals());
        double canonical = decimal.doubleValue() * unit.toCanonical();
        assertThat(canonical).as("%s in range, %s", type, text).isBetween(spec.min(), spec.max());
        return new Parsed(deviceId, msgId, batch, type, tsMillis, ts.asText(), unitCode, canonical, null);
    }

    public static boolean isAlternateUnit(Parsed p) {
        return !TYPES.get(p.type()).canonical().code().equals(p.unit());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
