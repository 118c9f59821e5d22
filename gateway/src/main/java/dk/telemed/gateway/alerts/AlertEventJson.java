package dk.telemed.gateway.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.AlertReading;
import dk.telemed.gateway.model.AlertReadings;
import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Instruction;
import dk.telemed.gateway.model.Mappers;
import dk.telemed.gateway.model.Severity;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The one JSON form of an alert event (interface section 3), shared by the MQTT alert topic,
 * the webhooks and the API. Written and read here only, so the two never drift apart.
 */
public final class AlertEventJson {
    private final ObjectMapper json = Mappers.json();

    public byte[] write(AlertEvent e) {
        ObjectNode body = json.createObjectNode();
        body.put("eventId", e.eventId());
        body.put("alertId", e.alertId());
        body.put("event", e.event().wireName());
        body.put("patient", e.patient());
        body.put("careTeam", e.careTeam());
        body.put("type", e.type());
        body.put("severity", e.severity().wireName());
        number(body, "value", e.value());
        body.put("unit", e.unit());
        body.put("rule", e.rule());
        number(body, "threshold", e.threshold());
        body.put("readingTs", e.readingTs().map(Instant::toString).orElse(null));
        body.put("at", e.at().toString());
        body.put("message", e.message());
        e.thresholds().ifPresent(b -> body.set("thresholds", bands(b)));
        body.put("late", e.late());
        e.acknowledgedBy().ifPresent(who -> body.put("acknowledgedBy", who));
        e.acknowledgedAt().ifPresent(when -> body.put("acknowledgedAt", when.toString()));
        e.note().ifPresent(note -> body.put("note", note));
        AlertReadings r = e.readings();
        body.put("receivedAt", r.receivedAt().map(Instant::toString).orElse(null));
        body.set("latest", r.latest().map(this::reading).orElse(null));
        body.set("resolvedBy", r.resolvedBy().map(this::reading).orElse(null));
        body.set("instruction", e.instruction().map(i -> (JsonNode) json.createObjectNode().put("da", i.da()).put("en", i.en()))
                .orElse(null));
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException ex) {
            throw new IllegalStateException("an alert event always serialises", ex);
        }
    }

    public AlertEvent read(byte[] bytes) throws IOException {
        JsonNode n = json.readTree(bytes);
        if (n == null || !n.isObject()) {
            throw new IOException("an alert event must be a JSON object");
        }
        try {
            return new AlertEvent(text(n, "eventId"), text(n, "alertId"),
                    AlertEventType.valueOf(text(n, "event").toUpperCase(Locale.ROOT)), text(n, "patient"), text(n, "careTeam"),
                    text(n, "type"), Severity.valueOf(text(n, "severity").toUpperCase(Locale.ROOT)), number(n, "value"),
                    n.path("unit").asText(""), text(n, "rule"), number(n, "threshold"), instant(n, "readingTs"),
                    Instant.parse(text(n, "at")), n.path("message").asText(""), bands(n.get("thresholds")),
                    n.path("late").asBoolean(false), optionalText(n, "acknowledgedBy"), instant(n, "acknowledgedAt"),
                    optionalText(n, "note"), new AlertReadings(instant(n, "receivedAt"), reading(n.get("latest")),
                    reading(n.get("resolvedBy"))), instruction(n.get("instruction")));
        } catch (RuntimeException ex) {
            throw new IOException("not an alert event: " + ex.getMessage(), ex);
        }
    }

    private static void number(ObjectNode body, String key, OptionalDouble value) {
        if (value.isPresent()) {
            body.put(key, value.getAsDouble());
        } else {
            body.putNull(key);
        }
    }

    private ObjectNode reading(AlertReading r) {
        ObjectNode node = json.createObjectNode();
        number(node, "value", r.value());
        node.put("readingTs", r.readingTs().toString());
        return node;
    }

    private static Optional<AlertReading> reading(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        return instant(node, "readingTs").map(ts -> new AlertReading(number(node, "value"), ts));
    }

    private static Optional<Instruction> instruction(JsonNode node) {
        return node == null || !node.isObject() ? Optional.empty()
                : Optional.of(new Instruction(node.path("da").asText(""), node.path("en").asText("")));
    }

    private ObjectNode bands(Bands b) {
        ObjectNode node = json.createObjectNode();
        node.set("red", band(b.red()));
        node.set("yellow", band(b.yellow()));
        return node;
    }

    private ObjectNode band(Band band) {
        ObjectNode node = json.createObjectNode();
        band.below().ifPresent(v -> node.put("below", v));
        band.above().ifPresent(v -> node.put("above", v));
        return node;
    }

    private static Optional<Bands> bands(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Bands(band(node.path("red")), band(node.path("yellow"))));
    }

    private static Band band(JsonNode node) {
        return new Band(number(node, "below"), number(node, "above"));
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(key + " is missing");
        }
        return v.asText();
    }

    private static Optional<String> optionalText(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static OptionalDouble number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || !v.isNumber() ? OptionalDouble.empty() : OptionalDouble.of(v.asDouble());
    }

    private static Optional<Instant> instant(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || !v.isTextual() ? Optional.empty() : Optional.of(Instant.parse(v.asText()));
    }
}
