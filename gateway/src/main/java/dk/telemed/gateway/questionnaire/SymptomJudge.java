package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import dk.telemed.gateway.rules.OpenAlert;
import dk.telemed.gateway.rules.Verdict;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The symptom rules in the alert lifecycle: each response's verdict, the combined rule after
 * every response and every reading of its measurement, and the missing-answer timer. The
 * lifecycle itself is the rules engine's ({@link Lifecycle}), so a symptom alert is raised,
 * escalated, re-notified, acknowledged and resolved like any other.
 *
 * <p>Used from the gateway's event-loop context only.
 */
public final class SymptomJudge {
    private static final Logger LOG = LoggerFactory.getLogger(SymptomJudge.class);

    /** The rules engine's lifecycle: verdicts about one patient, given its open alerts by identity. */
    public interface Lifecycle {
        Future<Void> judge(String patientId, Function<Function<AlertKey, Optional<OpenAlert>>, List<Verdict>> rule);
    }

    private final Lifecycle lifecycle;
    private final Supplier<PatientRegistry> registry;
    private final Supplier<Questionnaires> questionnaires;
    private final MissingAnswers missing;
    private final Clock clock;

    public SymptomJudge(Lifecycle lifecycle, Supplier<PatientRegistry> registry, Supplier<Questionnaires> questionnaires,
                        MissingAnswers missing, Clock clock) {
        this.lifecycle = lifecycle;
        this.registry = registry;
        this.questionnaires = questionnaires;
        this.missing = missing;
        this.clock = clock;
    }

    /** A stored response: its rule's verdict, the missing-answer clock, then symptoms with the measurement together. */
    public Future<Void> response(Patient p, Response r, Judgement j) {
        missing.answered(p.id(), r.questionnaire().id(), r.answeredAt());
        Questionnaires q = questionnaires.get();
        return lifecycle.judge(p.id(), open -> {
            List<Verdict> verdicts = new ArrayList<>();
            verdicts.add(SymptomVerdicts.of(p, r, j));
            verdicts.add(SymptomVerdicts.answered(p, r));
            return verdicts;
        }).compose(v -> combined(p, q));
    }

    /** Readings judged: where they include the combined rule's measurement, symptoms and readings are looked at together. */
    public Future<Void> readings(List<Reading> stored) {
        Questionnaires q = questionnaires.get();
        if (!q.combined().enabled() || stored.isEmpty()) {
            return Future.succeededFuture();
        }
        Set<String> patients = new LinkedHashSet<>();
        for (Reading r : stored) {
            if (r.type() == q.combined().type()) {
                patients.add(r.patientId());
            }
        }
        if (patients.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<Void>> each = new ArrayList<>();
        for (String id : patients) {
            registry.get().patient(id).ifPresent(p -> each.add(combined(p, q)));
        }
        return Future.all(each).mapEmpty();
    }

    private Future<Void> combined(Patient p, Questionnaires q) {
        return lifecycle.judge(p.id(), open -> SymptomVerdicts.combined(p, q.combined(), q.askedOf(p), open));
    }

    /** The missing-answer timer: every patient of this gateway and each questionnaire asked of them. */
    public void checkMissing() {
        Questionnaires q = questionnaires.get();
        for (Patient p : registry.get().patients()) {
            List<Verdict> verdicts = missing.check(p, q, clock.instant());
            if (!verdicts.isEmpty()) {
                lifecycle.judge(p.id(), open -> verdicts)
                        .onFailure(e -> LOG.warn("missing answers of patient {} not judged: {}", p.id(), e.getMessage()));
            }
        }
    }

    /** Takes back when each patient last answered, read from the store at start. */
    public void restore(Map<String, Map<String, Instant>> last) {
        last.forEach((patient, byQuestionnaire) -> byQuestionnaire.forEach((q, at) -> missing.answered(patient, q, at)));
    }
}
