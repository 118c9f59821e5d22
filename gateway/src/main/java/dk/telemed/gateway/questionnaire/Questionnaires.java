package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every questionnaire with its rule, the combined rule, how late an answer may be before it
 * counts as missing, and the per-patient changes of the CAT limits. Immutable: a reload makes
 * a new one.
 *
 * @param catOverrides the treating team's own CAT limits for a patient, by pseudonymous patient id
 */
public record Questionnaires(List<Questionnaire> all, CombinedRule combined, Duration missingGrace,
                             Map<String, SymptomRule.CatScore> catOverrides) {
    /** No questionnaires: nothing is asked, and the combined rule is off. */
    public static final Questionnaires NONE = new Questionnaires(List.of(),
            new CombinedRule(false, MeasurementType.SPO2, Duration.ZERO, Severity.RED), Duration.ZERO, Map.of());

    public Questionnaires {
        all = List.copyOf(all);
        catOverrides = Map.copyOf(catOverrides);
    }

    /** The questionnaire of this id and version. */
    public Optional<Questionnaire> find(String id, int version) {
        return all.stream().filter(q -> q.id().equals(id) && q.version() == version).findFirst();
    }

    /** The newest version of each questionnaire id asked of a patient with these conditions. */
    public List<Questionnaire> askedOf(Patient patient) {
        return all.stream().filter(q -> patient.conditions().contains(q.condition()))
                .filter(q -> all.stream().noneMatch(o -> o.id().equals(q.id()) && o.version() > q.version())).toList();
    }

    public boolean asks(Patient patient, Questionnaire q) {
        return patient.conditions().contains(q.condition());
    }

    /** The rule for this patient: a CAT rule with the patient's own limits when the registry team set them. */
    public SymptomRule ruleFor(String patientId, Questionnaire q) {
        if (q.rule() instanceof SymptomRule.CatScore && catOverrides.containsKey(patientId)) {
            return catOverrides.get(patientId);
        }
        return q.rule();
    }
}
