package dk.telemed.sim.symptoms;

import java.util.Map;

/**
 * One questionnaire answered by a simulated patient.
 *
 * @param answers item id to answer: a Boolean, an Integer or an option code, as the gateway's
 *                config/questionnaires.yaml defines them
 */
public record DiaryEntry(long answeredAt, int patientIndex, String questionnaire, Map<String, Object> answers) {
    public DiaryEntry {
        answers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(answers));
    }
}
