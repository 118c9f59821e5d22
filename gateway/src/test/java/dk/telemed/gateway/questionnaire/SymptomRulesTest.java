package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dk.telemed.gateway.questionnaire.Shipped.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Each shipped symptom rule at its edges, both sides. */
class SymptomRulesTest {
    static final Patient COPD = Shipped.patient("p-1", "copd");
    static final Patient DIABETES = Shipped.patient("p-2", "diabetes");

    static Optional<Severity> judge(Response r, List<Integer> previous) {
        return SymptomRules.judge(r, r.questionnaire().rule(), previous).severity();
    }

    @ParameterizedTest(name = "breathless {0}, more sputum {1}, colour {2}: {3}")
    @CsvSource({
            "false, false, white, green",
            "true, false, clear, green",
            "false, false, green, green",
            "true, true, white, yellow",
            "true, false, yellow, yellow",
            "false, true, green, yellow",
            "true, true, yellow, red",
            "true, true, green, red",
            "false, false, none, green"})
    void anthonisenTwoOfThreeIsYellowAndThreeRed(boolean breathless, boolean sputum, String colour, String expected) {
        Judgement j = SymptomRules.judge(Shipped.daily(COPD, T0, breathless, sputum, colour), Shipped.get("copd-daily").rule(), List.of());
        assertThat(j.severity().map(Severity::wireName).orElse("green")).isEqualTo(expected);
        assertThat(j.why()).contains("of 3 Anthonisen criteria");
    }

    @Test
    void catTotalAboveTwentyIsYellowAndTwentyIsNot() {
        assertThat(judge(Shipped.cat(COPD, T0, 20), List.of())).isEmpty();
        Judgement j = SymptomRules.judge(Shipped.cat(COPD, T0, 21), Shipped.get("copd-cat").rule(), List.of());
        assertThat(j.severity()).contains(Severity.YELLOW);
        assertThat(j.score()).isEqualTo(21);
        assertThat(j.why()).contains("CAT 21 of 40, above 20");
    }

    @Test
    void catRiseOfTwoHeldOverTwoWeeklyAnswersIsYellow() {
        // 10 before the rise, then 12 and 12: held two answers in a row.
        Judgement j = SymptomRules.judge(Shipped.cat(COPD, T0, 12), Shipped.get("copd-cat").rule(), List.of(9, 10, 12));
        assertThat(j.severity()).contains(Severity.YELLOW);
        assertThat(j.why()).contains("up from 10");
    }

    @Test
    void catRiseOfTwoOnceOnlyIsNotYetYellow() {
        assertThat(judge(Shipped.cat(COPD, T0, 12), List.of(10, 10))).isEmpty();
    }

    @Test
    void catRiseOfOneHeldIsBelowTheMinimalImportantDifference() {
        assertThat(judge(Shipped.cat(COPD, T0, 11), List.of(10, 11))).isEmpty();
    }

    @Test
    void catRiseThatFellBackInBetweenIsNotHeld() {
        assertThat(judge(Shipped.cat(COPD, T0, 12), List.of(10, 11))).isEmpty();
    }

    @Test
    void catWithoutEnoughHistoryJudgesTheTotalOnly() {
        assertThat(judge(Shipped.cat(COPD, T0, 19), List.of(5))).isEmpty();
    }

    @Test
    void aPatientsOwnCatLimitReplacesTheDefault() throws Exception {
        Questionnaires q = new QuestionnairesParser().parse(Shipped.text().replace("patients: {}",
                "patients:\n  p-1: { cat: { yellowAbove: 26 } }"), "test");
        Response r = Shipped.cat(COPD, T0, 24);
        SymptomRule own = q.ruleFor("p-1", r.questionnaire());
        assertThat(own).isEqualTo(new SymptomRule.CatScore(26, 2, 2));
        assertThat(SymptomRules.judge(r, own, List.of()).severity()).isEmpty();
        assertThat(SymptomRules.judge(Shipped.cat(COPD, T0, 27), own, List.of()).severity()).contains(Severity.YELLOW);
        assertThat(SymptomRules.judge(r, q.ruleFor("p-9", r.questionnaire()), List.of()).severity()).contains(Severity.YELLOW);
    }

    @ParameterizedTest(name = "hypo {0}, sick day {1}: {2}")
    @CsvSource({"none, false, green", "mild, false, yellow", "severe, false, red", "none, true, yellow", "severe, true, red"})
    void aSevereHypoIsRed(String hypo, boolean sickDay, String expected) {
        Questionnaire q = Shipped.get("diabetes-daily");
        Item item = q.item("hypo").orElseThrow();
        Response r = Shipped.response(DIABETES, q, T0, Map.of("hypo", new Answer.Choice(hypo, item.options().indexOf(item.option(hypo).orElseThrow())),
                "sick_day", new Answer.YesNo(sickDay)));
        assertThat(judge(r, List.of()).map(Severity::wireName).orElse("green")).isEqualTo(expected);
    }
}
