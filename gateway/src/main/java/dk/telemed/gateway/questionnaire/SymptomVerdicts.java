package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.rules.OpenAlert;
import dk.telemed.gateway.rules.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Symptom judgements as the alert lifecycle's verdicts. One alert identity per patient and
 * questionnaire ({@code symptoms} / questionnaire id): a worse answer escalates the open
 * alert, a calm answer resolves it. Missing answers have an identity per questionnaire, and
 * symptoms with the saturation together one of their own ({@code symptoms} / {@code combined}).
 */
public final class SymptomVerdicts {
    /** The alert type of every symptom alert (the {@code type} of its events). */
    public static final String TYPE = "symptoms";
    static final String COMBINED = "combined";
    static final String MISSING = "missing:";
    /** The score's unit: UCUM's annotation for a count of points. */
    static final String UNIT = "{score}";

    private SymptomVerdicts() {
    }

    public static AlertKey key(String patientId, Questionnaire q) {
        return AlertKey.of(patientId, TYPE, q.id());
    }

    public static AlertKey missingKey(String patientId, Questionnaire q) {
        return AlertKey.of(patientId, TYPE, MISSING + q.id());
    }

    public static AlertKey combinedKey(String patientId) {
        return AlertKey.of(patientId, TYPE, COMBINED);
    }

    public static Verdict of(Patient p, Response r, Judgement j) {
        AlertKey key = key(p.id(), r.questionnaire());
        Optional<Instant> at = Optional.of(r.answeredAt());
        if (j.severity().isEmpty()) {
            return new Verdict.Clear(key, OptionalDouble.of(j.score()), at, r.questionnaire().title().en() + ": " + j.why());
        }
        return new Verdict.Alarm(key, p.careTeam(), j.severity().get(), j.rule(), OptionalDouble.of(j.score()), UNIT,
                OptionalDouble.of(j.threshold()), Optional.empty(), at, r.questionnaire().title().en() + ": " + j.why());
    }

    /** The answer came: a missing-answer alert of this questionnaire resolves. */
    public static Verdict answered(Patient p, Response r) {
        return new Verdict.Clear(missingKey(p.id(), r.questionnaire()), OptionalDouble.empty(), Optional.of(r.answeredAt()),
                r.questionnaire().title().en() + ": answered " + r.answeredAt());
    }

    /** @param since "since …" in words: the last answer, or when the gateway began watching */
    public static Verdict missing(Patient p, Questionnaire q, String since) {
        return new Verdict.Alarm(missingKey(p.id(), q), p.careTeam(), Severity.BLUE, q.id() + ".blue.missing", OptionalDouble.empty(),
                UNIT, OptionalDouble.empty(), Optional.empty(), Optional.empty(),
                q.title().en() + ": no answer " + since + " (asked " + q.schedule().wireName() + ")");
    }

    public static Verdict notMissing(Patient p, Questionnaire q, String why) {
        return new Verdict.Clear(missingKey(p.id(), q), OptionalDouble.empty(), Optional.empty(), q.title().en() + ": " + why);
    }

    /**
     * Symptoms and the combined rule's measurement together: an open symptom alert and an open
     * low alert of the measurement, both at least yellow, answered and measured within the
     * window of each other, make one alert; otherwise that alert resolves.
     */
    public static List<Verdict> combined(Patient p, CombinedRule rule, List<Questionnaire> asked,
                                         Function<AlertKey, Optional<OpenAlert>> open) {
        AlertKey key = combinedKey(p.id());
        if (!rule.enabled()) {
            return List.of();
        }
        Optional<OpenAlert> low = open.apply(AlertKey.band(p.id(), rule.type(), Direction.BELOW)).filter(SymptomVerdicts::atLeastYellow);
        List<String> why = new ArrayList<>();
        Optional<Instant> latest = Optional.empty();
        if (low.isPresent() && low.get().readingTs().isPresent()) {
            Instant measured = low.get().readingTs().get();
            for (Questionnaire q : asked) {
                Optional<OpenAlert> symptom = open.apply(key(p.id(), q)).filter(SymptomVerdicts::atLeastYellow);
                if (symptom.isPresent() && symptom.get().readingTs().isPresent()
                        && Duration.between(symptom.get().readingTs().get(), measured).abs().compareTo(rule.window()) <= 0) {
                    why.add(symptom.get().message());
                    Instant answered = symptom.get().readingTs().get();
                    latest = Optional.of(answered.isAfter(measured) ? answered : measured);
                }
            }
        }
        if (why.isEmpty()) {
            return List.of(new Verdict.Clear(key, OptionalDouble.empty(), Optional.empty(),
                    "Symptoms and " + rule.type().wireName() + " no longer both alarming within " + rule.window().toHours() + " h"));
        }
        OpenAlert measuredAlert = low.get();
        return List.of(new Verdict.Alarm(key, p.careTeam(), rule.severity(), "symptoms+" + rule.type().wireName() + "." + rule.severity().wireName(),
                measuredAlert.value(), measuredAlert.unit(), OptionalDouble.empty(), Optional.empty(), latest,
                "Symptoms and saturation together within " + rule.window().toHours() + " h: " + measuredAlert.message()
                        + "; " + String.join("; ", why)));
    }

    private static boolean atLeastYellow(OpenAlert a) {
        return a.severity() == Severity.RED || a.severity() == Severity.YELLOW;
    }
}
