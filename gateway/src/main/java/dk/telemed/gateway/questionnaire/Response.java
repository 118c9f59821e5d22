package dk.telemed.gateway.questionnaire;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A patient's validated answers to one questionnaire, attributed to the patient through the
 * device (a home hub) that sent them.
 *
 * @param answers by item id, in the questionnaire's item order; an optional item left out has none
 */
public record Response(String patientId, String deviceId, Optional<String> msgId, Questionnaire questionnaire,
                       Instant answeredAt, Map<String, Answer> answers) {
    public Response {
        answers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    }

    public Optional<Answer> answer(String itemId) {
        return Optional.ofNullable(answers.get(itemId));
    }

    public boolean yes(String itemId) {
        return answer(itemId).map(a -> a instanceof Answer.YesNo y && y.yes()).orElse(false);
    }

    public Optional<String> choice(String itemId) {
        return answer(itemId).filter(a -> a instanceof Answer.Choice).map(Answer::code);
    }

    /** The sum of the scale answers (a CAT total). */
    public int total() {
        return answers.values().stream().filter(a -> a instanceof Answer.Scale).mapToInt(a -> ((Answer.Scale) a).number()).sum();
    }
}
