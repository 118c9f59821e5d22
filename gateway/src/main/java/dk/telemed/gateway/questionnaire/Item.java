package dk.telemed.gateway.questionnaire;

import java.util.List;
import java.util.Optional;

/**
 * One question. {@code id} is stable across versions (the store and FHIR key on it);
 * {@code min}/{@code max} bound a scale answer; {@code options} are a choice item's answers.
 *
 * @param loinc the item's LOINC code where one exists (CAT's eight items have them)
 */
public record Item(String id, Text text, AnswerKind kind, int min, int max, List<Option> options, boolean required,
                   Optional<String> loinc) {
    public Item {
        options = List.copyOf(options);
    }

    public Optional<Option> option(String code) {
        return options.stream().filter(o -> o.code().equals(code)).findFirst();
    }

    /** One answer option of a choice item: a stable code and its text. */
    public record Option(String code, Text text) {
    }
}
