package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.PassiveInterval;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.rules.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blue alerts for questionnaires that were not answered on their schedule, as for planned
 * measurements: overdue when no answer came for the schedule's period plus the grace, counted
 * from the last answer, from when the gateway began watching, or from the end of the last
 * passive interval, whichever is latest. Nothing is overdue while the patient is passive.
 *
 * <p>Used from one event-loop context only.
 */
public final class MissingAnswers {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    private final ZoneId zone;
    private final Instant watchingSince;
    /** patient → questionnaire id → the newest answer's time. */
    private final Map<String, Map<String, Instant>> last = new HashMap<>();

    public MissingAnswers(ZoneId zone, Instant watchingSince) {
        this.zone = zone;
        this.watchingSince = watchingSince;
    }

    public void answered(String patient, String questionnaire, Instant at) {
        last.computeIfAbsent(patient, k -> new HashMap<>()).merge(questionnaire, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** A verdict per patient and questionnaire asked of them: blue where overdue, clear elsewhere. */
    public List<Verdict> check(Patient p, Questionnaires questionnaires, Instant now) {
        List<Verdict> verdicts = new ArrayList<>();
        Optional<PassiveInterval> passive = p.passive().stream().filter(i -> i.covers(now, zone)).findFirst();
        for (Questionnaire q : questionnaires.askedOf(p)) {
            Instant answered = last.getOrDefault(p.id(), Map.of()).get(q.id());
            Instant since = since(p, answered, now);
            Duration allowed = q.schedule().period().plus(questionnaires.missingGrace());
            if (passive.isEmpty() && now.isAfter(since.plus(allowed))) {
                verdicts.add(SymptomVerdicts.missing(p, q, answered == null
                        ? "since monitoring started " + WHEN.format(since.atZone(zone))
                        : "since " + WHEN.format(answered.atZone(zone))));
            } else if (passive.isPresent()) {
                verdicts.add(SymptomVerdicts.notMissing(p, q, "monitoring paused until " + passive.get().to() + "; no answer is expected"));
            }
        }
        return verdicts;
    }

    private Instant since(Patient p, Instant answered, Instant now) {
        Instant since = answered == null ? watchingSince : answered;
        for (PassiveInterval interval : p.passive()) {
            Instant end = interval.end(zone);
            if (!end.isAfter(now) && end.isAfter(since)) {
                since = end;
            }
        }
        return since;
    }
}
