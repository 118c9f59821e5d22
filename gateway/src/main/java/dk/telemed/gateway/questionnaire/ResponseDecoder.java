package dk.telemed.gateway.questionnaire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.gateway.ingest.Rejection;
import dk.telemed.gateway.model.Mappers;
import dk.telemed.gateway.model.RejectionCode;
import dk.telemed.gateway.registry.Patient;

import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a responses payload ({@code {"msgId", "questionnaire", "version", "answeredAt",
 * "answers": {itemId: answer}}}) into a validated {@link Response}, or the rejections that
 * say what is wrong with it, every problem at once. A response is taken whole or not at
 * all: a questionnaire's score means nothing with an answer missing. Never throws on input.
 */
public final class ResponseDecoder {
    private static final int MAX_NESTING_DEPTH = 8;
    private static final int MAX_MSG_ID_LENGTH = 128;
    private static final int MAX_ANSWERS = 200;

    /** The payload read as JSON, before the device's patient is known. */
    public sealed interface Parsed permits Parsed.Ok, Parsed.Bad {
        Optional<String> msgId();

        record Ok(Optional<String> msgId, JsonNode root) implements Parsed {
        }

        record Bad(Optional<String> msgId, Rejection rejection) implements Parsed {
        }
    }

    /** A response ready to store, or why not. */
    public sealed interface Decoded permits Decoded.Valid, Decoded.Invalid {
        record Valid(Response response) implements Decoded {
        }

        record Invalid(List<Rejection> rejections) implements Decoded {
        }
    }

    private final ObjectMapper json;
    private final Clock clock;
    private final int maxPayloadBytes;
    private final Duration maxFutureSkew;

    public ResponseDecoder(Clock clock, int maxPayloadBytes, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxFutureSkew = maxFutureSkew;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.json = Mappers.json(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.json.getFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    }

    public Parsed parse(byte[] payload) {
        if (payload.length > maxPayloadBytes) {
            return bad(Optional.empty(), RejectionCode.TOO_LARGE, "payload is " + payload.length + " bytes; at most "
                    + maxPayloadBytes + " are accepted");
        }
        if (payload.length == 0) {
            return bad(Optional.empty(), RejectionCode.MALFORMED_JSON, "payload is empty");
        }
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JsonProcessingException e) {
            // The parser's excerpt of the source would echo the patient's answers: only where it failed.
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return bad(Optional.empty(), RejectionCode.MALFORMED_JSON, "payload is not valid UTF-8 JSON" + where);
        } catch (IOException | RuntimeException e) {
            return bad(Optional.empty(), RejectionCode.MALFORMED_JSON, "payload could not be read as JSON");
        }
        if (root == null || !root.isObject()) {
            return bad(Optional.empty(), RejectionCode.MALFORMED_JSON,
                    "payload must be a JSON object {\"msgId\", \"questionnaire\", \"version\", \"answeredAt\", \"answers\"}");
        }
        JsonNode msgId = root.get("msgId");
        if (msgId != null && !msgId.isNull() && (!msgId.isTextual() || msgId.asText().isEmpty() || msgId.asText().length() > MAX_MSG_ID_LENGTH)) {
            return bad(Optional.empty(), RejectionCode.MALFORMED_JSON, "msgId must be a string of 1 to " + MAX_MSG_ID_LENGTH + " characters");
        }
        return new Parsed.Ok(msgId == null || msgId.isNull() ? Optional.empty() : Optional.of(msgId.asText()), root);
    }

    /** Validates a parsed response against the questionnaires asked of the device's patient. */
    public Decoded decode(Parsed.Ok parsed, String deviceId, Patient patient, Questionnaires questionnaires) {
        try {
            return decodeChecked(parsed, deviceId, patient, questionnaires);
        } catch (RuntimeException e) {
            // A defect here must cost one message, not the gateway.
            return invalid(RejectionCode.MALFORMED_JSON, "response could not be decoded (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Decoded decodeChecked(Parsed.Ok parsed, String deviceId, Patient patient, Questionnaires questionnaires) {
        JsonNode root = parsed.root();
        JsonNode declared = root.get("deviceId");
        if (declared != null && !declared.asText().equals(deviceId)) {
            return invalid(RejectionCode.DEVICE_MISMATCH, "the payload names another device than the topic's " + deviceId
                    + "; a device publishes on its own topic only");
        }
        List<Rejection> problems = new ArrayList<>();
        JsonNode id = root.get("questionnaire");
        JsonNode version = root.get("version");
        JsonNode answers = root.get("answers");
        if (id == null || !id.isTextual()) {
            problems.add(Rejection.ofMessage(RejectionCode.MISSING_FIELD, "questionnaire (the questionnaire's id, text) is missing"));
        }
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
            problems.add(Rejection.ofMessage(RejectionCode.MISSING_FIELD, "version (the questionnaire's version, a whole number) is missing"));
        }
        if (answers == null || !answers.isObject()) {
            problems.add(Rejection.ofMessage(answers == null ? RejectionCode.MISSING_FIELD : RejectionCode.MALFORMED_JSON,
                    "answers must be a JSON object of item id to answer"));
        }
        Optional<Instant> answeredAt = answeredAt(root.get("answeredAt"), problems);
        if (!problems.isEmpty()) {
            return new Decoded.Invalid(problems);
        }
        Optional<Questionnaire> q = questionnaires.find(id.asText(), version.asInt())
                .filter(found -> questionnaires.asks(patient, found));
        if (q.isEmpty()) {
            String known = String.join(", ", questionnaires.askedOf(patient).stream().map(k -> k.id() + " version " + k.version()).toList());
            return invalid(RejectionCode.UNKNOWN_QUESTIONNAIRE, "questionnaire '" + abbreviate(id.asText()) + "' version " + version.asInt()
                    + " is not one this patient is asked to answer (" + (known.isEmpty() ? "none" : known) + ")");
        }
        if (answers.size() > MAX_ANSWERS) {
            return invalid(RejectionCode.UNKNOWN_ITEM, "answers holds " + answers.size() + " items; " + q.get().id() + " has " + q.get().items().size());
        }
        Map<String, Answer> byItem = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = answers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<Item> item = q.get().item(e.getKey());
            if (item.isEmpty()) {
                problems.add(Rejection.ofMessage(RejectionCode.UNKNOWN_ITEM, "item '" + abbreviate(e.getKey()) + "' is not in "
                        + q.get().id() + " version " + q.get().version()));
                continue;
            }
            answer(item.get(), e.getValue(), problems).ifPresent(a -> byItem.put(item.get().id(), a));
        }
        Map<String, Answer> ordered = new LinkedHashMap<>();
        for (Item item : q.get().items()) {
            Answer a = byItem.get(item.id());
            if (a != null) {
                ordered.put(item.id(), a);
            } else if (item.required() && !answers.has(item.id())) {
                problems.add(Rejection.ofMessage(RejectionCode.MISSING_ANSWER, "required item '" + item.id() + "' of "
                        + q.get().id() + " is not answered"));
            }
        }
        if (!problems.isEmpty()) {
            return new Decoded.Invalid(problems);
        }
        return new Decoded.Valid(new Response(patient.id(), deviceId, parsed.msgId(), q.get(), answeredAt.orElseThrow(), ordered));
    }

    private static Optional<Answer> answer(Item item, JsonNode v, List<Rejection> problems) {
        switch (item.kind()) {
            case YESNO -> {
                if (v.isBoolean()) {
                    return Optional.of(new Answer.YesNo(v.asBoolean()));
                }
                problems.add(Rejection.ofMessage(RejectionCode.BAD_ANSWER, "item '" + item.id() + "' is answered true or false"));
            }
            case SCALE -> {
                if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                    problems.add(Rejection.ofMessage(RejectionCode.BAD_ANSWER, "item '" + item.id() + "' is answered with a whole number from "
                            + item.min() + " to " + item.max()));
                } else if (v.asInt() < item.min() || v.asInt() > item.max()) {
                    problems.add(Rejection.ofMessage(RejectionCode.OUT_OF_RANGE, "item '" + item.id() + "' answered " + v.asInt()
                            + "; the scale runs from " + item.min() + " to " + item.max()));
                } else {
                    return Optional.of(new Answer.Scale(v.asInt()));
                }
            }
            case CHOICE -> {
                Optional<Item.Option> option = v.isTextual() ? item.option(v.asText()) : Optional.empty();
                if (option.isPresent()) {
                    return Optional.of(new Answer.Choice(option.get().code(), item.options().indexOf(option.get())));
                }
                problems.add(Rejection.ofMessage(RejectionCode.BAD_ANSWER, "item '" + item.id() + "' is answered with one of "
                        + String.join(", ", item.options().stream().map(Item.Option::code).toList())));
            }
        }
        return Optional.empty();
    }

    private Optional<Instant> answeredAt(JsonNode node, List<Rejection> problems) {
        if (node == null || node.isNull()) {
            problems.add(Rejection.ofMessage(RejectionCode.BAD_TIMESTAMP, "answeredAt is missing (RFC 3339 with an offset, or epoch milliseconds)"));
            return Optional.empty();
        }
        Instant at;
        try {
            if (node.isTextual()) {
                at = OffsetDateTime.parse(node.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } else if (node.isIntegralNumber() && node.canConvertToLong()) {
                at = Instant.ofEpochMilli(node.asLong());
            } else {
                throw new DateTimeException("neither text nor a whole number");
            }
        } catch (DateTimeException e) {
            problems.add(Rejection.ofMessage(RejectionCode.BAD_TIMESTAMP, "answeredAt must be RFC 3339 with an offset or whole epoch milliseconds"));
            return Optional.empty();
        }
        if (at.isBefore(Instant.EPOCH)) {
            problems.add(Rejection.ofMessage(RejectionCode.BAD_TIMESTAMP, "answeredAt is before 1970"));
            return Optional.empty();
        }
        if (at.isAfter(clock.instant().plus(maxFutureSkew))) {
            problems.add(Rejection.ofMessage(RejectionCode.FUTURE_TIMESTAMP, "answeredAt " + at + " is more than "
                    + maxFutureSkew.toSeconds() + " s ahead of the gateway's clock; check the hub's clock"));
            return Optional.empty();
        }
        return Optional.of(at);
    }

    private static Parsed bad(Optional<String> msgId, RejectionCode code, String reason) {
        return new Parsed.Bad(msgId, Rejection.ofMessage(code, reason));
    }

    private static Decoded invalid(RejectionCode code, String reason) {
        return new Decoded.Invalid(List.of(Rejection.ofMessage(code, reason)));
    }

    private static String abbreviate(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9._-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "…" : safe;
    }
}
