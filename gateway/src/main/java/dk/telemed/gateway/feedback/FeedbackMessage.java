package dk.telemed.gateway.feedback;

import dk.telemed.gateway.model.Language;

import java.util.Locale;

/**
 * One message for the patient on {@code telemed/v1/devices/{deviceId}/feedback}: what it
 * answers, how it stands, and the sentence to show, in the patient's language.
 */
public record FeedbackMessage(Kind kind, Status status, Language language, String text) {
    /** What the message answers: a reading, a symptom response, or a nurse having seen an alert. */
    public enum Kind {
        READING, RESPONSE, SEEN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How it stands for the patient: within their limits, to be looked at by the team, or act now. */
    public enum Status {
        NORMAL, YELLOW, RED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
