package dk.telemed.gateway.api;

import dk.telemed.gateway.audit.AuditLog;
import dk.telemed.gateway.questionnaire.Item;
import dk.telemed.gateway.questionnaire.Questionnaire;
import dk.telemed.gateway.questionnaire.Questionnaires;
import dk.telemed.gateway.questionnaire.StoredResponse;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/patients/{id}/responses?from&to}: the patient's symptom answers for the
 * dashboard's timeline, with the questionnaires asked of them (titles and item texts in
 * Danish and English), each response's score, severity and why. Audited like a view of the
 * readings; the InfluxDB read runs on the API's worker pool.
 */
public final class ResponsesApi {
    /** A patient's stored responses from (inclusive) to (exclusive), oldest first, at most a limit; blocking. */
    public interface Reader {
        List<StoredResponse> responses(String patient, Optional<String> questionnaire, Instant from, Instant to, int limit);
    }

    static final Duration DEFAULT_PERIOD = Duration.ofDays(90);
    static final int MAX_DAYS = 366;
    static final int MAX_RESPONSES = 2000;

    private final PatientAccess access;
    private final Supplier<Questionnaires> questionnaires;
    private final Reader reader;
    private final WorkerExecutor workers;
    private final Clock clock;

    public ResponsesApi(Supplier<PatientRegistry> registry, AuditLog audit, Supplier<Questionnaires> questionnaires, Reader reader,
                        WorkerExecutor workers, Clock clock) {
        this.access = new PatientAccess(registry, audit, clock);
        this.questionnaires = questionnaires;
        this.reader = reader;
        this.workers = workers;
        this.clock = clock;
    }

    public void mount(Router router) {
        Routes.json(router.get("/api/patients/:id/responses"), this::responses);
    }

    private Future<JsonObject> responses(RoutingContext ctx) {
        Patient p = access.patient(ctx, ctx.pathParam("id"), "view-responses");
        List<String> problems = new ArrayList<>();
        Optional<Instant> from = Params.time("from", Params.optional(ctx, "from"), problems);
        Optional<Instant> to = Params.time("to", Params.optional(ctx, "to"), problems);
        Instant until = to.orElse(clock.instant());
        Instant since = from.orElse(until.minus(DEFAULT_PERIOD));
        if (problems.isEmpty() && since.isAfter(until)) {
            problems.add("from: " + since + " is after to " + until);
        }
        if (problems.isEmpty() && Duration.between(since, until).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            problems.add("from/to: at most " + MAX_DAYS + " days per request");
        }
        if (!problems.isEmpty()) {
            throw new BadRequest("bad parameters for responses", problems);
        }
        Questionnaires q = questionnaires.get();
        return workers.executeBlocking(() -> reader.responses(p.id(), Optional.empty(), since, until.plusNanos(1), MAX_RESPONSES), false)
                .map(found -> {
                    access.record(ctx, "view-responses", Optional.of(p.id()), PatientAccess.OK, found.size() + " responses");
                    JsonArray asked = new JsonArray();
                    q.askedOf(p).forEach(x -> asked.add(questionnaire(x)));
                    JsonArray list = new JsonArray();
                    found.forEach(r -> list.add(response(r)));
                    return new JsonObject().put("patient", p.id()).put("from", since.toString()).put("to", until.toString())
                            .put("questionnaires", asked).put("responses", list);
                });
    }

    static JsonObject questionnaire(Questionnaire q) {
        JsonArray items = new JsonArray();
        for (Item i : q.items()) {
            JsonObject options = new JsonObject();
            i.options().forEach(o -> options.put(o.code(), new JsonObject().put("da", o.text().da()).put("en", o.text().en())));
            items.add(new JsonObject().put("id", i.id()).put("kind", i.kind().wireName())
                    .put("text", new JsonObject().put("da", i.text().da()).put("en", i.text().en())).put("options", options));
        }
        return new JsonObject().put("id", q.id()).put("version", q.version()).put("schedule", q.schedule().wireName())
                .put("rule", q.rule().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                .put("title", new JsonObject().put("da", q.title().da()).put("en", q.title().en())).put("items", items);
    }

    static JsonObject response(StoredResponse r) {
        JsonObject answers = new JsonObject();
        r.answers().forEach(answers::put);
        return new JsonObject().put("questionnaire", r.questionnaire()).put("version", r.version())
                .put("answeredAt", r.answeredAt().toString()).put("score", r.score()).put("severity", r.severity())
                .put("why", r.why()).put("answers", answers);
    }
}
