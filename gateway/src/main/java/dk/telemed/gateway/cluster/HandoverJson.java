package dk.telemed.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.telemed.gateway.ingest.DeviceStatus;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Mappers;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The JSON of {@link Handover}s. Readings travel as rows ({@code [patient, device, type, ts,
 * value]}) with the timestamp as an RFC 3339 instant, so the receiver judges exactly what was
 * stored, to the nanosecond.
 */
final class HandoverJson {
    private final ObjectMapper json = Mappers.json();

    byte[] write(Handover handover) {
        ObjectNode n = json.createObjectNode();
        if (handover instanceof Handover.Readings r) {
            n.put("kind", "readings");
            ArrayNode readings = n.putArray("readings");
            for (Reading x : r.readings()) {
                readings.addArray().add(x.patientId()).add(x.deviceId()).add(x.type().wireName()).add(x.ts().toString()).add(x.value());
            }
            ArrayNode limits = n.putArray("limits");
            for (DeviceLimit l : r.limits()) {
                limits.addArray().add(l.patientId()).add(l.deviceId()).add(l.type().wireName()).add(l.ts().toString()).add(l.side().name());
            }
        } else if (handover instanceof Handover.Status s) {
            n.put("kind", "status").put("device", s.deviceId());
            s.status().online().ifPresent(o -> n.put("online", o));
            s.status().batteryPercent().ifPresent(b -> n.put("battery", b));
        } else if (handover instanceof Handover.Acknowledge a) {
            n.put("kind", "ack").put("correlation", a.correlation()).put("replyTo", a.replyTo())
                    .put("alertId", a.alertId()).put("username", a.username());
            a.note().ifPresent(note -> n.put("note", note));
        } else if (handover instanceof Handover.Reply r) {
            n.put("kind", "reply").put("correlation", r.correlation()).put("outcome", r.outcome().wireName())
                    .put("seq", r.seq()).put("error", r.error());
            r.acknowledgedAt().ifPresent(at -> n.put("acknowledgedAt", at.toString()));
        }
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("a handover did not serialise", e);
        }
    }

    /** @throws IOException when the payload is not a handover this version writes */
    Handover read(byte[] payload) throws IOException {
        JsonNode n = json.readTree(payload);
        if (n == null || !n.isObject()) {
            throw new IOException("not a JSON object");
        }
        try {
            return switch (text(n, "kind")) {
                case "readings" -> new Handover.Readings(readings(n.path("readings")), limits(n.path("limits")));
                case "status" -> new Handover.Status(text(n, "device"), new DeviceStatus(
                        n.hasNonNull("online") ? Optional.of(n.get("online").asBoolean()) : Optional.empty(),
                        n.hasNonNull("battery") ? OptionalInt.of(n.get("battery").asInt()) : OptionalInt.empty()));
                case "ack" -> new Handover.Acknowledge(text(n, "correlation"), text(n, "replyTo"), text(n, "alertId"),
                        text(n, "username"), n.hasNonNull("note") ? Optional.of(n.get("note").asText()) : Optional.empty());
                case "reply" -> new Handover.Reply(text(n, "correlation"),
                        Handover.Outcome.fromWireName(text(n, "outcome")).orElseThrow(() -> new IOException("unknown outcome")),
                        n.path("seq").asInt(), n.hasNonNull("acknowledgedAt")
                        ? Optional.of(Instant.parse(n.get("acknowledgedAt").asText())) : Optional.empty(),
                        n.path("error").asText(""));
                default -> throw new IOException("unknown kind '" + text(n, "kind") + "'");
            };
        } catch (RuntimeException e) {
            throw new IOException("not a valid handover: " + e.getMessage(), e);
        }
    }

    private static List<Reading> readings(JsonNode rows) {
        List<Reading> readings = new ArrayList<>(rows.size());
        for (JsonNode r : rows) {
            readings.add(new Reading(r.get(0).asText(), r.get(1).asText(), type(r.get(2).asText()), Instant.parse(r.get(3).asText()),
                    r.get(4).asDouble()));
        }
        return readings;
    }

    private static List<DeviceLimit> limits(JsonNode rows) {
        List<DeviceLimit> limits = new ArrayList<>(rows.size());
        for (JsonNode r : rows) {
            limits.add(new DeviceLimit(r.get(0).asText(), r.get(1).asText(), type(r.get(2).asText()), Instant.parse(r.get(3).asText()),
                    DeviceLimit.Side.valueOf(r.get(4).asText())));
        }
        return limits;
    }

    private static MeasurementType type(String wireName) {
        return MeasurementType.fromWireName(wireName).orElseThrow(() -> new IllegalArgumentException("unknown type " + wireName));
    }

    private static String text(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("'" + field + "' missing");
        }
        return v.asText();
    }
}
