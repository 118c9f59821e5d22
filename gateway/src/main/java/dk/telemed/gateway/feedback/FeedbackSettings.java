package dk.telemed.gateway.feedback;

import dk.telemed.gateway.model.Language;
import dk.telemed.gateway.questionnaire.Text;

import java.util.Map;
import java.util.Optional;

/**
 * {@code config/feedback.yaml}: the language of the patient-facing texts (Danish unless a
 * patient's own is set), each care team's acute phone number and hours, and what to do when
 * the team is closed.
 */
public record FeedbackSettings(Language language, Map<String, Language> patients, Map<String, TeamContact> careTeams,
                               Text outOfHours) {
    public FeedbackSettings {
        patients = Map.copyOf(patients);
        careTeams = Map.copyOf(careTeams);
    }

    public Language languageOf(String patientId) {
        return patients.getOrDefault(patientId, language);
    }

    public Optional<TeamContact> team(String careTeam) {
        return Optional.ofNullable(careTeams.get(careTeam));
    }
}
