package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The symptom rules of {@code config/questionnaires.yaml}, applied to one response. Pure: the
 * patient's earlier CAT totals come in as an argument.
 */
public final class SymptomRules {
    private SymptomRules() {
    }

    /**
     * @param previousTotals the patient's earlier totals of the same questionnaire, oldest first,
     *                       answered before this response (only the CAT rule uses them)
     */
    public static Judgement judge(Response r, SymptomRule rule, List<Integer> previousTotals) {
        if (rule instanceof SymptomRule.Anthonisen a) {
            return anthonisen(r, a);
        }
        if (rule instanceof SymptomRule.CatScore c) {
            return cat(r, c, previousTotals);
        }
        return hypo(r, (SymptomRule.Hypo) rule);
    }

    static Judgement anthonisen(Response r, SymptomRule.Anthonisen a) {
        List<String> met = new ArrayList<>();
        if (r.yes(a.breathlessness())) {
            met.add("more breathless");
        }
        if (r.yes(a.sputumVolume())) {
            met.add("more sputum");
        }
        Optional<String> colour = r.choice(a.purulence());
        if (colour.isPresent() && a.purulentCodes().contains(colour.get())) {
            met.add("sputum " + colour.get());
        }
        int n = met.size();
        String name = r.questionnaire().id() + ".anthonisen";
        String criteria = n + " of 3 Anthonisen criteria" + (met.isEmpty() ? "" : " (" + String.join(", ", met) + ")");
        if (n >= a.redAt()) {
            return new Judgement(Optional.of(Severity.RED), n, a.redAt(), name + ".red",
                    "Symptoms: " + criteria + ": a likely COPD exacerbation");
        }
        if (n >= a.yellowAt()) {
            return new Judgement(Optional.of(Severity.YELLOW), n, a.yellowAt(), name + ".yellow",
                    "Symptoms: " + criteria + ": possible COPD exacerbation");
        }
        return new Judgement(Optional.empty(), n, a.yellowAt(), name, "Symptoms: " + criteria);
    }

    /**
     * Yellow when the total is above the limit, or when it has stood at least {@code riseAtLeast}
     * above the score before the rise for {@code heldAnswers} answers in a row (this one the last).
     */
    static Judgement cat(Response r, SymptomRule.CatScore c, List<Integer> previous) {
        int total = r.total();
        String name = r.questionnaire().id() + ".cat";
        if (total > c.yellowAbove()) {
            return new Judgement(Optional.of(Severity.YELLOW), total, c.yellowAbove(), name + ".yellow.above",
                    "CAT " + total + " of 40, above " + c.yellowAbove() + ": a high impact of COPD on daily life");
        }
        int held = c.heldAnswers();
        if (previous.size() >= held) {
            int before = previous.get(previous.size() - held);
            List<Integer> since = new ArrayList<>(previous.subList(previous.size() - held + 1, previous.size()));
            since.add(total);
            boolean risen = since.stream().allMatch(s -> s - before >= c.riseAtLeast());
            if (risen) {
                return new Judgement(Optional.of(Severity.YELLOW), total, before + c.riseAtLeast(), name + ".yellow.rise",
                        "CAT " + total + ", up from " + before + " and " + (held == 1 ? "" : "held " + held + " answers in a row ")
                                + "at least " + c.riseAtLeast() + " points higher: a clinically important worsening");
            }
        }
        String trend = previous.isEmpty() ? "" : " (previous " + previous.get(previous.size() - 1) + ")";
        return new Judgement(Optional.empty(), total, c.yellowAbove(), name, "CAT " + total + " of 40" + trend);
    }

    static Judgement hypo(Response r, SymptomRule.Hypo h) {
        Optional<String> hypo = r.choice(h.item());
        String name = r.questionnaire().id() + ".hypo";
        if (hypo.isPresent() && h.redCodes().contains(hypo.get())) {
            return new Judgement(Optional.of(Severity.RED), 2, 2, name + ".red",
                    "Severe hypoglycaemia reported since the last answer (needed another person's help)");
        }
        if (hypo.isPresent() && h.yellowCodes().contains(hypo.get())) {
            return new Judgement(Optional.of(Severity.YELLOW), 1, 1, name + ".yellow",
                    "Hypoglycaemia reported since the last answer (" + hypo.get() + ", treated by the patient)");
        }
        if (!h.sickDay().isEmpty() && r.yes(h.sickDay())) {
            return new Judgement(Optional.of(Severity.YELLOW), 0, 1, name + ".yellow.sick_day",
                    "Sick day reported: sick-day rules apply (glucose and ketones more often)");
        }
        return new Judgement(Optional.empty(), 0, 1, name, "No hypoglycaemia and no sick day reported");
    }
}
