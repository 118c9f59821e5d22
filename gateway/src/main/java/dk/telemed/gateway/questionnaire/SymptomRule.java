package dk.telemed.gateway.questionnaire;

import java.util.Set;

/** How a questionnaire's answers are judged; one kind of rule per questionnaire. */
public sealed interface SymptomRule permits SymptomRule.Anthonisen, SymptomRule.CatScore, SymptomRule.Hypo {

    /**
     * The Anthonisen criteria of a COPD exacerbation: more breathlessness, more sputum,
     * purulent sputum. {@code yellowAt} of them met is yellow, {@code redAt} red.
     *
     * @param purulentCodes the options of {@code purulence} that count as purulent (yellow, green)
     */
    record Anthonisen(String breathlessness, String sputumVolume, String purulence, Set<String> purulentCodes,
                      int yellowAt, int redAt) implements SymptomRule {
        public Anthonisen {
            purulentCodes = Set.copyOf(purulentCodes);
        }
    }

    /**
     * The COPD Assessment Test: the items' total (0–40). Yellow when the total is above
     * {@code yellowAbove}, or when it has risen by {@code riseAtLeast} or more against the
     * patient's own score before and stayed so for {@code heldAnswers} answers in a row.
     */
    record CatScore(int yellowAbove, int riseAtLeast, int heldAnswers) implements SymptomRule {
    }

    /**
     * Diabetes: hypoglycaemia since the last answer. An answer of {@code item} among
     * {@code redCodes} is red, among {@code yellowCodes} yellow; a yes to {@code sickDay}
     * (when set) is yellow.
     */
    record Hypo(String item, Set<String> redCodes, Set<String> yellowCodes, String sickDay) implements SymptomRule {
        public Hypo {
            redCodes = Set.copyOf(redCodes);
            yellowCodes = Set.copyOf(yellowCodes);
        }
    }
}
