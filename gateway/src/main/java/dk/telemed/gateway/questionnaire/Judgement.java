package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.Severity;

import java.util.Optional;

/**
 * What a symptom rule made of one response: the severity (none when no rule is met), the
 * score it counted (criteria met, the CAT total, …), the limit that score crossed, the rule's
 * stable name, and why, in a sentence for the nurse.
 */
public record Judgement(Optional<Severity> severity, int score, int threshold, String rule, String why) {
}
