package dk.telemed.gateway.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Mappers;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RejectionCode;
import dk.telemed.gateway.model.Rfc3339;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a readings payload (interface section 1, both forms) into validated readings in
 * canonical units and one {@link Rejection} per bad reading. It never throws on input: every
 * way a payload can be wrong maps to a rejection code, and a bad reading does not spoil its
 * neighbours in the same batch.
 */
public final class PayloadDecoder {
    /** Deep enough for the two payload forms with room to spare; deeper documents are hostile. */
    private static final int MAX_NESTING_DEPTH = 16;
    private static final int MAX_MSG_ID_LENGTH = 128;

    private final ObjectMapper json;
    private final Clock clock;
    private final int maxPayloadBytes;
    private final int maxReadings;
    private final Duration maxFutureSkew;

    public PayloadDecoder(Clock clock, int maxPayloadBytes, int maxReadings, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxReadings = maxReadings;
        this.maxFutureSkew = maxFutureSkew;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.json = Mappers.json(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.json.getFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    }

    /**
     * @param topicDevice the device named by the topic; a payload that names another device
     *                    (an optional {@code deviceId} field) is refused as a device speaking for another
     */
    public DecodedMessage decode(byte[] payload, String topicDevice) {
        try {
            return decodeChecked(payload, topicDevice);
        } catch (RuntimeException e) {
            // A decoder bug must cost one message, not the gateway.
            return DecodedMessage.rejected(Optional.empty(), Rejection.ofMessage(RejectionCode.MALFORMED_JSON,
                    "payload could not be decoded (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private DecodedMessage decodeChecked(byte[] payload, String topicDevice) {
        if (payload.length > maxPayloadBytes) {
            return DecodedMessage.rejected(Optional.empty(), Rejection.ofMessage(RejectionCode.TOO_LARGE,
                    "payload is " + payload.length + " bytes; at most " + maxPayloadBytes + " are accepted: split the upload into smaller messages"));
        }
        if (payload.length == 0) {
            return DecodedMessage.rejected(Optional.empty(), Rejection.ofMessage(RejectionCode.MALFORMED_JSON, "payload is empty"));
        }
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JsonProcessingException e) {
            // The original message leaves out the source excerpt, which would echo the device's data.
            return DecodedMessage.rejected(Optional.empty(), Rejection.ofMessage(RejectionCode.MALFORMED_JSON,
                    "payload is not valid UTF-8 JSON" + where(e) + ": " + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            return DecodedMessage.rejected(Optional.empty(), Rejection.ofMessage(RejectionCode.MALFORMED_JSON,
                    "payload could not be read as JSON"));
        }
        if (root == null || !root.isObject()) {
            return DecodedMessage.rejected(Optional.empty(), Rejection.ofMessage(RejectionCode.MALFORMED_JSON,
                    "payload must be a JSON object (a reading, or {\"msgId\", \"readings\": [...]})"));
        }
        JsonNode msgIdNode = root.get("msgId");
        if (msgIdNode != null && !msgIdNode.isNull()
                && (!msgIdNode.isTextual() || msgIdNode.asText().isEmpty() || msgIdNode.asText().length() > MAX_MSG_ID_LENGTH)) {
            return DecodedMessage.rejected(Optional.empty(), Rejection.ofMessage(RejectionCode.MALFORMED_JSON,
                    "msgId must be a string of 1 to " + MAX_MSG_ID_LENGTH + " characters"));
        }
        Optional<String> msgId = msgIdNode == null || msgIdNode.isNull() ? Optional.empty() : Optional.of(msgIdNode.asText());
        JsonNode declared = root.get("deviceId");
        if (declared != null && !declared.asText().equals(topicDevice)) {
            return DecodedMessage.rejected(msgId, Rejection.ofMessage(RejectionCode.DEVICE_MISMATCH,
                    "the payload names device '" + abbreviate(declared.asText()) + "' but was published on the topic of "
                            + topicDevice + "; a device publishes on its own topic only"));
        }
        Instant now = clock.instant();
        JsonNode readings = root.get("readings");
        if (readings == null) {
            return decodeItems(msgId, List.of(root), -1, now);
        }
        if (!readings.isArray()) {
            return DecodedMessage.rejected(msgId, Rejection.ofMessage(RejectionCode.MALFORMED_JSON, "readings must be a JSON array of readings"));
        }
        if (readings.isEmpty()) {
            return DecodedMessage.rejected(msgId, Rejection.ofMessage(RejectionCode.MALFORMED_JSON, "readings is empty"));
        }
        if (readings.size() > maxReadings) {
            return DecodedMessage.rejected(msgId, Rejection.ofMessage(RejectionCode.TOO_MANY_READINGS,
                    "batch holds " + readings.size() + " readings; at most " + maxReadings + " are accepted per message"));
        }
        List<JsonNode> nodes = new ArrayList<>(readings.size());
        readings.forEach(nodes::add);
        return decodeItems(msgId, nodes, 0, now);
    }

    private DecodedMessage decodeItems(Optional<String> msgId, List<JsonNode> nodes, int firstIndex, Instant now) {
        List<DecodedItem> items = new ArrayList<>(nodes.size());
        List<Rejection> rejections = new ArrayList<>(0);
        int index = firstIndex;
        for (JsonNode node : nodes) {
            int at = index;
            index = firstIndex < 0 ? -1 : index + 1;
            try {
                items.add(decodeReading(node, now));
            } catch (Invalid e) {
                rejections.add(new Rejection(e.code, e.getMessage(), at));
            }
        }
        return new DecodedMessage(msgId, items, rejections);
    }

    private DecodedItem decodeReading(JsonNode node, Instant now) throws Invalid {
        if (!node.isObject()) {
            throw new Invalid(RejectionCode.MALFORMED_JSON, "a reading must be a JSON object with ts, type, value and unit");
        }
        MeasurementType type = type(node.get("type"));
        Instant ts = timestamp(node.get("ts"), now);
        JsonNode value = node.get("value");
        if (value == null || value.isNull()) {
            throw new Invalid(RejectionCode.MISSING_FIELD, type.wireName() + " reading has no value");
        }
        if (value.isTextual()) {
            return beyondRange(type, ts, value.asText());
        }
        if (!value.isNumber()) {
            throw new Invalid(RejectionCode.BAD_VALUE, type.wireName() + " value must be a JSON number, not " + value.getNodeType().name().toLowerCase());
        }
        double raw = value.asDouble();
        if (!Double.isFinite(raw)) {
            throw new Invalid(RejectionCode.BAD_VALUE, type.wireName() + " value is not a finite number");
        }
        String unit = unit(node.get("unit"), type);
        double canonical = type.toCanonical(raw, unit).orElseThrow(() -> new Invalid(RejectionCode.BAD_UNIT,
                "unit '" + unit + "' is not accepted for " + type.wireName() + "; send one of: " + type.acceptedUnits()));
        if (!type.isPlausible(canonical)) {
            throw new Invalid(RejectionCode.OUT_OF_RANGE, type.wireName() + " " + format(raw) + " " + unit
                    + " is outside what can be measured (" + format(type.minPlausible()) + " to " + format(type.maxPlausible())
                    + " " + type.canonicalUnit() + "); check the device and the unit it sends");
        }
        return new DecodedItem.Measured(type, ts, canonical);
    }

    private static DecodedItem beyondRange(MeasurementType type, Instant ts, String text) throws Invalid {
        return switch (text) {
            case "LO" -> new DecodedItem.BeyondRange(type, ts, DeviceLimit.Side.LO);
            case "HI" -> new DecodedItem.BeyondRange(type, ts, DeviceLimit.Side.HI);
            default -> throw new Invalid(RejectionCode.BAD_VALUE, type.wireName()
                    + " value must be a JSON number (or \"LO\"/\"HI\" outside the device's range), not the string '" + abbreviate(text) + "'");
        };
    }

    private static MeasurementType type(JsonNode node) throws Invalid {
        if (node == null || node.isNull()) {
            throw new Invalid(RejectionCode.MISSING_FIELD, "reading has no type (one of " + MeasurementType.knownWireNames() + ")");
        }
        if (!node.isTextual()) {
            throw new Invalid(RejectionCode.UNKNOWN_TYPE, "type must be a string, one of " + MeasurementType.knownWireNames());
        }
        return MeasurementType.fromWireName(node.asText()).orElseThrow(() -> new Invalid(RejectionCode.UNKNOWN_TYPE,
                "type '" + abbreviate(node.asText()) + "' is not known; known types: " + MeasurementType.knownWireNames()));
    }

    private static String unit(JsonNode node, MeasurementType type) throws Invalid {
        if (node == null || node.isNull() || !node.isTextual()) {
            throw new Invalid(RejectionCode.BAD_UNIT, type.wireName() + " reading has no unit; send one of: " + type.acceptedUnits());
        }
        return node.asText();
    }

    private Instant timestamp(JsonNode node, Instant now) throws Invalid {
        if (node == null || node.isNull()) {
            throw new Invalid(RejectionCode.BAD_TIMESTAMP, "reading has no ts (RFC 3339 with offset, or epoch milliseconds)");
        }
        Instant ts;
        if (node.isTextual()) {
            try {
                ts = Rfc3339.parse(node.asText());
            } catch (DateTimeParseException e) {
                throw new Invalid(RejectionCode.BAD_TIMESTAMP, "ts '" + abbreviate(node.asText())
                        + "' is not RFC 3339 with an offset, e.g. 2026-11-22T07:30:00+01:00");
            }
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            ts = Instant.ofEpochMilli(node.asLong());
        } else {
            throw new Invalid(RejectionCode.BAD_TIMESTAMP, "ts must be an RFC 3339 string or whole epoch milliseconds");
        }
        if (ts.isBefore(Instant.EPOCH)) {
            throw new Invalid(RejectionCode.BAD_TIMESTAMP, "ts " + ts + " is before 1970; is the device clock set?");
        }
        if (ts.isAfter(now.plus(maxFutureSkew))) {
            throw new Invalid(RejectionCode.FUTURE_TIMESTAMP, "ts " + ts + " is more than " + maxFutureSkew.toSeconds()
                    + " s after the gateway's time " + now + "; is the device clock set?");
        }
        return ts;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String abbreviate(String text) {
        String printable = text.codePoints().limit(40)
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return text.length() > 40 ? printable + "…" : printable;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** Control flow for one bad reading; never escapes the decoder. */
    private static final class Invalid extends Exception {
        final RejectionCode code;

        Invalid(RejectionCode code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }
    }
}
