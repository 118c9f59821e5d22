package dk.telemed.gateway.questionnaire;

import java.time.Instant;
import java.util.Map;

/**
 * A response as the {@code responses} measurement holds it, for the dashboard and FHIR.
 *
 * @param answers  each answered item's code (yes/no, the number, the option's code), in stored order
 * @param severity {@code green}, {@code yellow} or {@code red}: what the questionnaire's rule made of it
 */
public record StoredResponse(String patient, String questionnaire, int version, Instant answeredAt, Map<String, String> answers,
                             double score, String severity, String why) {
    public StoredResponse {
        answers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(answers));
    }
}
