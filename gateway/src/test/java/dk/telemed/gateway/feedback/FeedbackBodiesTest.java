package dk.telemed.gateway.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.telemed.gateway.feedback.FeedbackMessage.Kind;
import dk.telemed.gateway.feedback.FeedbackMessage.Status;
import dk.telemed.gateway.model.Language;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A readings message's body is the same bytes whether its sentence was written before or not,
 * and the same as the message's JSON object written by Jackson; each sentence keeps its own.
 */
class FeedbackBodiesTest {
    static final Instant AT = Instant.parse("2026-12-06T07:05:01.204Z");
    final FeedbackBodies bodies = new FeedbackBodies();
    final ObjectMapper json = new ObjectMapper();

    byte[] asTree(FeedbackMessage m, Instant at, Optional<String> msgId) throws Exception {
        ObjectNode o = json.createObjectNode();
        o.put("kind", m.kind().wireName());
        o.put("status", m.status().wireName());
        o.put("lang", m.language().wireName());
        o.put("text", m.text());
        o.put("at", at.toString());
        msgId.ifPresent(id -> o.put("msgId", id));
        return json.writeValueAsBytes(o);
    }

    @Test
    void aReadingsBodyIsTheInterfacesObjectTheFirstTimeAndEveryTimeAfter() throws Exception {
        FeedbackMessage m = new FeedbackMessage(Kind.READING, Status.RED, Language.DA,
                "Din iltmætning er lav. Ring til dit plejeteam på +45 99 99 12 34 (\"alle dage\" kl. 8-22).");
        assertThat(new String(bodies.write(m, Optional.empty(), AT), StandardCharsets.UTF_8)).isEqualTo(
                "{\"kind\":\"reading\",\"status\":\"red\",\"lang\":\"da\",\"text\":\"Din iltmætning er lav. Ring til dit plejeteam på "
                        + "+45 99 99 12 34 (\\\"alle dage\\\" kl. 8-22).\",\"at\":\"2026-12-06T07:05:01.204Z\"}");
        for (Instant at : new Instant[]{AT, AT.plusNanos(1), AT.plusSeconds(3600).minusNanos(204_000_000)}) {
            assertThat(bodies.write(m, Optional.empty(), at)).isEqualTo(asTree(m, at, Optional.empty()));
        }
        assertThat(bodies.kept()).isEqualTo(1);
    }

    @Test
    void eachSentenceAndLanguageKeepsItsOwnBody() throws Exception {
        FeedbackMessage da = new FeedbackMessage(Kind.READING, Status.NORMAL, Language.DA, "Tak, din måling er modtaget.");
        FeedbackMessage en = new FeedbackMessage(Kind.READING, Status.NORMAL, Language.EN, "Thank you, your reading has been received.");
        FeedbackMessage yellow = new FeedbackMessage(Kind.READING, Status.YELLOW, Language.DA, "Tak, din måling er modtaget.");
        for (int round = 0; round < 2; round++) {
            for (FeedbackMessage m : new FeedbackMessage[]{da, en, yellow}) {
                assertThat(bodies.write(m, Optional.empty(), AT)).isEqualTo(asTree(m, AT, Optional.empty()));
            }
        }
        assertThat(bodies.kept()).isEqualTo(3);
    }

    @Test
    void answersAndAcknowledgementsAreWrittenWholeAndNotKept() throws Exception {
        FeedbackMessage response = new FeedbackMessage(Kind.RESPONSE, Status.NORMAL, Language.DA, "Tak for dine svar. De er modtaget.");
        FeedbackMessage seen = new FeedbackMessage(Kind.SEEN, Status.NORMAL, Language.EN, "Your care team has seen your reading.\n");
        assertThat(bodies.write(response, Optional.of("hub-1/\"7\""), AT)).isEqualTo(asTree(response, AT, Optional.of("hub-1/\"7\"")));
        assertThat(bodies.write(seen, Optional.empty(), AT)).isEqualTo(asTree(seen, AT, Optional.empty()));
        assertThat(bodies.kept()).isZero();
    }

    @Test
    void noMoreThanTheBoundAreKept() throws Exception {
        for (int i = 0; i < FeedbackBodies.MOST_KEPT + 10; i++) {
            FeedbackMessage m = new FeedbackMessage(Kind.READING, Status.YELLOW, Language.EN, "sentence " + i);
            assertThat(bodies.write(m, Optional.empty(), AT)).isEqualTo(asTree(m, AT, Optional.empty()));
        }
        assertThat(bodies.kept()).isEqualTo(FeedbackBodies.MOST_KEPT);
    }
}
