package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.Condition;

import java.util.List;
import java.util.Optional;

/**
 * A symptom questionnaire as {@code config/questionnaires.yaml} defines it: asked of the
 * patients with {@code condition}, on {@code schedule}, judged by {@code rule}.
 *
 * @param loinc the questionnaire's LOINC panel code where one exists
 */
public record Questionnaire(String id, int version, Condition condition, Schedule schedule, Text title, List<Item> items,
                            SymptomRule rule, Optional<String> loinc) {
    public Questionnaire {
        items = List.copyOf(items);
    }

    public Optional<Item> item(String itemId) {
        return items.stream().filter(i -> i.id().equals(itemId)).findFirst();
    }
}
