package dk.telemed.gateway.feedback;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dk.telemed.gateway.model.Mappers;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON of a feedback message ({@code docs/interface.md}, "Feedback to the patient"), written
 * straight to bytes. A readings message's feedback is one of few sentences (per language, care
 * team, status and type), so everything before its sending time is written once and kept; only
 * the time is added for each. Safe from any thread.
 */
final class FeedbackBodies {
    private static final SerializableString KIND = new SerializedString("kind");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString LANG = new SerializedString("lang");
    private static final SerializableString TEXT = new SerializedString("text");
    private static final SerializableString AT = new SerializedString("at");
    private static final SerializableString MSG_ID = new SerializedString("msgId");
    /** What a body ends with after its sending time: the string's quote and the object's brace. */
    private static final byte[] END = {'"', '}'};
    /** Far more than the sentences a readings message can get; a bound all the same, the cache is never emptied. */
    static final int MOST_KEPT = 4096;

    private final JsonFactory json = Mappers.json().getFactory();
    private final InstantText instants = new InstantText();
    /** A readings message's body up to and including the opening quote of its sending time. */
    private final Map<FeedbackMessage, byte[]> readingHeads = new ConcurrentHashMap<>();

    byte[] write(FeedbackMessage m, Optional<String> msgId, Instant at) {
        if (m.kind() != FeedbackMessage.Kind.READING || msgId.isPresent()) {
            return generate(m, msgId, instants.format(at));
        }
        byte[] head = readingHeads.get(m);
        if (head == null) {
            head = head(m);
            if (readingHeads.size() < MOST_KEPT) {
                readingHeads.put(m, head);
            }
        }
        String time = instants.format(at);
        byte[] body = Arrays.copyOf(head, head.length + time.length() + END.length);
        // An instant's text is ASCII: one byte a character, nothing to escape.
        for (int i = 0; i < time.length(); i++) {
            body[head.length + i] = (byte) time.charAt(i);
        }
        System.arraycopy(END, 0, body, head.length + time.length(), END.length);
        return body;
    }

    /** Kept readings bodies; for the tests. */
    int kept() {
        return readingHeads.size();
    }

    private byte[] head(FeedbackMessage m) {
        byte[] withEmptyTime = generate(m, Optional.empty(), "");
        return Arrays.copyOf(withEmptyTime, withEmptyTime.length - END.length);
    }

    private byte[] generate(FeedbackMessage m, Optional<String> msgId, String at) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName(KIND);
            g.writeString(m.kind().wireName());
            g.writeFieldName(STATUS);
            g.writeString(m.status().wireName());
            g.writeFieldName(LANG);
            g.writeString(m.language().wireName());
            g.writeFieldName(TEXT);
            g.writeString(m.text());
            g.writeFieldName(AT);
            g.writeString(at);
            if (msgId.isPresent()) {
                g.writeFieldName(MSG_ID);
                g.writeString(msgId.get());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("a feedback body always serialises", e);
        }
        return out.toByteArray();
    }
}
