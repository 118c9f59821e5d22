package dk.telemed.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import dk.telemed.gateway.audit.AuditEntry;
import dk.telemed.gateway.audit.AuditLog;
import dk.telemed.gateway.auth.ClientTokens;
import dk.telemed.gateway.auth.User;
import dk.telemed.gateway.store.ReadingQueries;
import dk.telemed.gateway.store.ThresholdHistory;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * FHIR R4, read-only, under {@code /fhir} (interface section 7). Each request is checked
 * against the reader's care teams and written to the audit log, allowed or not; every
 * InfluxDB read and the JSON encoding run on the FHIR worker pool, never on the event loop.
 */
public final class FhirApi {
    private static final Logger LOG = LoggerFactory.getLogger(FhirApi.class);
    static final String CONTENT_TYPE = "application/fhir+json;charset=utf-8";

    /**
     * The paging limits of {@code GET /fhir/Observation}.
     *
     * @param futureSkew how far ahead of the clock a stored reading may be stamped: a search covers up to now plus this
     */
    public record Limits(int defaultCount, int maxCount, java.time.Duration futureSkew) {
    }

    /**
     * What the interface reads from.
     *
     * @param sessionUser the signed-in user of a request, from its session cookie
     * @param workers     the pool for InfluxDB reads and encoding
     */
    public record Dependencies(ClientTokens clients, Function<RoutingContext, Optional<User>> sessionUser, ReadingQueries queries,
                               ThresholdHistory history, Supplier<PatientRegistry> registry,
                               Supplier<Future<List<OpenAlert>>> openAlerts, AuditLog audit, WorkerExecutor workers) {
    }

    /** A patient's stored symptom responses from (inclusive) to (exclusive), oldest first, at most a limit; blocking. */
    public interface StoredResponses {
        List<dk.telemed.gateway.questionnaire.StoredResponse> responses(String patient, Optional<String> questionnaire, Instant from,
                                                                        Instant to, int limit);
    }

    private final FhirContext fhir;
    private final FhirAccess access;
    private final FhirReads reads;
    private final Supplier<PatientRegistry> registry;
    private final Supplier<Future<List<OpenAlert>>> openAlerts;
    private final AuditLog audit;
    private final WorkerExecutor workers;
    private final Limits limits;
    private final Clock clock;
    private final String capability;
    private final QuestionnaireReads questionnaires;

    public FhirApi(FhirContext fhir, Dependencies deps, Limits limits, Clock clock) {
        this(fhir, deps, limits, clock, () -> dk.telemed.gateway.questionnaire.Questionnaires.NONE,
                (patient, questionnaire, from, to, limit) -> List.of());
    }

    /**
     * @param questionnaires the symptom questionnaires in force
     * @param responses      reads a patient's stored responses (blocking; called on the worker pool)
     */
    public FhirApi(FhirContext fhir, Dependencies deps, Limits limits, Clock clock,
                   Supplier<dk.telemed.gateway.questionnaire.Questionnaires> questionnaires, StoredResponses responses) {
        this.questionnaires = new QuestionnaireReads(questionnaires, responses);
        this.fhir = fhir;
        this.access = new FhirAccess(deps.clients(), deps.sessionUser());
        this.reads = new FhirReads(deps.queries(), deps.history());
        this.registry = deps.registry();
        this.openAlerts = deps.openAlerts();
        this.audit = deps.audit();
        this.workers = deps.workers();
        this.limits = limits;
        this.clock = clock;
        this.capability = fhir.newJsonParser().encodeResourceToString(Capability.statement(Date.from(clock.instant())));
    }

    /**
     * A FHIR R4 context with its model loaded: building it and loading the model takes seconds,
     * so a gateway does it once at its start, before it may have to take over.
     */
    public static FhirContext prepared() {
        FhirContext fhir = FhirContext.forR4();
        fhir.newJsonParser().encodeResourceToString(Capability.statement(new Date(0)));
        return fhir;
    }

    public void mount(Router router) {
        router.get("/fhir/metadata").handler(ctx -> ctx.response().putHeader("content-type", CONTENT_TYPE).end(capability));
        router.get("/fhir/Patient/:id").handler(this::patient);
        router.get("/fhir/Device/:id").handler(this::device);
        router.get("/fhir/Observation/:id").handler(this::observation);
        router.get("/fhir/Observation").handler(this::observations);
        router.get("/fhir/Flag").handler(this::flags);
        router.get("/fhir/Questionnaire").handler(this::questionnaires);
        router.get("/fhir/Questionnaire/:id").handler(this::questionnaire);
        router.get("/fhir/QuestionnaireResponse").handler(this::responses);
        router.route("/fhir/*").handler(ctx -> fail(ctx, ctx.request().method().name().equals("GET") ? 404 : 405,
                IssueType.NOTSUPPORTED, "not served: this interface is read-only and serves metadata, Patient/{id},"
                        + " Device/{id}, Observation, Observation/{id}, Flag, Questionnaire, Questionnaire/{id} and QuestionnaireResponse"));
        router.route("/fhir/*").failureHandler(ctx -> {
            LOG.error("FHIR request {} failed", ctx.request().path(), ctx.failure());
            fail(ctx, 500, IssueType.EXCEPTION, "the server could not answer; try again, and tell the operator if it persists");
        });
    }

    private void patient(RoutingContext ctx) {
        Optional<FhirAccess.Reader> reader = reader(ctx);
        if (reader.isEmpty()) {
            return;
        }
        Optional<Patient> p = patientByFhirId(ctx.pathParam("id"));
        if (allowed(ctx, reader.get(), p, "Patient")) {
            respond(ctx, 200, PatientMapper.map(p.get()));
        }
    }

    private void device(RoutingContext ctx) {
        Optional<FhirAccess.Reader> reader = reader(ctx);
        if (reader.isEmpty()) {
            return;
        }
        String id = ctx.pathParam("id");
        Optional<Patient> owner = registry.get().patients().stream().filter(p -> p.devices().stream().anyMatch(d -> FhirIds.of(d).equals(id)))
                .findFirst();
        if (!allowed(ctx, reader.get(), owner, "Device")) {
            return;
        }
        String device = owner.get().devices().stream().filter(d -> FhirIds.of(d).equals(id)).findFirst().orElseThrow();
        blocking(ctx, () -> DeviceMapper.map(device, owner.get().id(), reads.measured(owner.get().id(), device)));
    }

    private void observation(RoutingContext ctx) {
        Optional<FhirAccess.Reader> reader = reader(ctx);
        if (reader.isEmpty()) {
            return;
        }
        workers.executeBlocking(() -> reads.observation(ctx.pathParam("id")), false).onComplete(r -> {
            if (r.failed()) {
                storeFailed(ctx, r.cause());
                return;
            }
            Optional<Patient> owner = r.result().flatMap(f -> registry.get().patient(f.patient()));
            if (allowed(ctx, reader.get(), owner, "Observation")) {
                blocking(ctx, () -> r.result().get().observation());
            }
        });
    }

    private void observations(RoutingContext ctx) {
        Optional<FhirAccess.Reader> reader = reader(ctx);
        if (reader.isEmpty()) {
            return;
        }
        SearchParams p;
        try {
            p = SearchParams.parse(query(ctx), limits.defaultCount(), limits.maxCount());
        } catch (SearchParams.Invalid e) {
            audit(reader.get(), ctx, Optional.empty(), "refused", e.getMessage());
            fail(ctx, 400, IssueType.INVALID, e.getMessage());
            return;
        }
        Optional<Patient> patient = patientByFhirId(p.patient());
        if (!allowed(ctx, reader.get(), patient, "Observation search")) {
            return;
        }
        SearchParams search = new SearchParams(patient.get().id(), p.codes(), p.from(), p.fromInclusive(), p.to(), p.toInclusive(),
                p.ascending(), p.count(), p.until(), p.cursor());
        Instant until = p.until().orElse(clock.instant().plus(limits.futureSkew()));
        blocking(ctx, () -> reads.observations(search, until, base(ctx), ctx.request().absoluteURI()));
    }

    private void flags(RoutingContext ctx) {
        Optional<FhirAccess.Reader> reader = reader(ctx);
        if (reader.isEmpty()) {
            return;
        }
        Map<String, List<String>> q = query(ctx);
        Optional<String> problem = q.keySet().stream().filter(k -> !List.of("patient", "status", "_format", "_pretty").contains(k))
                .findFirst().map(k -> "unknown search parameter '" + k + "'; Flag is searched by patient and status");
        List<String> patients = q.getOrDefault("patient", List.of());
        List<String> status = q.getOrDefault("status", List.of());
        if (problem.isEmpty() && patients.size() != 1) {
            problem = Optional.of("the patient parameter is required, once: ?patient={id}");
        }
        if (problem.isEmpty() && (status.size() > 1 || (status.size() == 1 && !List.of("active", "inactive").contains(status.get(0))))) {
            problem = Optional.of("status must be active or inactive, once");
        }
        if (problem.isPresent()) {
            audit(reader.get(), ctx, Optional.empty(), "refused", problem.get());
            fail(ctx, 400, IssueType.INVALID, problem.get());
            return;
        }
        Optional<Patient> patient = patientByFhirId(patients.get(0).replaceFirst("^Patient/", ""));
        if (!allowed(ctx, reader.get(), patient, "Flag search")) {
            return;
        }
        Optional<Boolean> active = status.isEmpty() ? Optional.empty() : Optional.of(status.get(0).equals("active"));
        openAlerts.get().onComplete(open -> blocking(ctx, () -> reads.flags(patient.get().id(), active,
                open.succeeded() ? open.result() : List.of(), base(ctx), ctx.request().absoluteURI())));
    }

    /** The questionnaires hold no patient's data: any reader may read them. */
    private void questionnaires(RoutingContext ctx) {
        Optional<FhirAccess.Reader> reader = reader(ctx);
        if (reader.isEmpty()) {
            return;
        }
        Optional<String> unknown = query(ctx).keySet().stream().filter(k -> !List.of("_format", "_pretty").contains(k)).findFirst();
        if (unknown.isPresent()) {
            fail(ctx, 400, IssueType.INVALID, "unknown search parameter '" + unknown.get() + "'; every questionnaire is served at once");
            return;
        }
        audit(reader.get(), ctx, Optional.empty(), "allowed", "Questionnaire search");
        blocking(ctx, () -> questionnaires.questionnaires(base(ctx), ctx.request().absoluteURI()));
    }

    private void questionnaire(RoutingContext ctx) {
        Optional<FhirAccess.Reader> reader = reader(ctx);
        if (reader.isEmpty()) {
            return;
        }
        Optional<org.hl7.fhir.r4.model.Questionnaire> q = questionnaires.questionnaire(ctx.pathParam("id"));
        audit(reader.get(), ctx, Optional.empty(), q.isPresent() ? "allowed" : "not found", "Questionnaire");
        if (q.isEmpty()) {
            fail(ctx, 404, IssueType.NOTFOUND, "Questionnaire not found: " + ctx.request().path());
            return;
        }
        respond(ctx, 200, q.get());
    }

    private void responses(RoutingContext ctx) {
        Optional<FhirAccess.Reader> reader = reader(ctx);
        if (reader.isEmpty()) {
            return;
        }
        QuestionnaireReads.Search search;
        try {
            search = QuestionnaireReads.parse(query(ctx), limits.defaultCount(), limits.maxCount());
        } catch (SearchParams.Invalid e) {
            audit(reader.get(), ctx, Optional.empty(), "refused", e.getMessage());
            fail(ctx, 400, IssueType.INVALID, e.getMessage());
            return;
        }
        Optional<Patient> patient = patientByFhirId(search.patient());
        if (!allowed(ctx, reader.get(), patient, "QuestionnaireResponse search")) {
            return;
        }
        Instant until = clock.instant().plus(limits.futureSkew());
        blocking(ctx, () -> questionnaires.responses(search, patient.get().id(), FhirIds.of(patient.get().id()), until, base(ctx),
                ctx.request().absoluteURI()));
    }

    private Optional<FhirAccess.Reader> reader(RoutingContext ctx) {
        Object who = access.reader(ctx);
        if (who instanceof FhirAccess.Reader r) {
            return Optional.of(r);
        }
        String why = who == FhirAccess.Refusal.BAD_TOKEN ? "the bearer token is not valid" : "no bearer token and no session";
        // Folded per address and minute by the audit log: a flood without tokens cannot crowd out real reads.
        String source = ctx.request().remoteAddress() == null ? "(unknown)" : ctx.request().remoteAddress().hostAddress();
        audit.refusal(source, new AuditEntry(clock.instant(), "(unknown)", "none", "fhir.read", Optional.empty(),
                "unauthenticated", ctx.request().method() + " " + ctx.request().path() + ": " + why));
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        fail(ctx, 401, IssueType.LOGIN, why + "; send Authorization: Bearer {token} or sign in");
        return Optional.empty();
    }

    /**
     * Answers 404 (and audits) unless the reader may see this patient: the same answer for
     * another team's patient as for none, so a reader cannot learn which ids are patients.
     */
    private boolean allowed(RoutingContext ctx, FhirAccess.Reader reader, Optional<Patient> patient, String what) {
        if (patient.isEmpty()) {
            audit(reader, ctx, Optional.empty(), "not found", what);
            fail(ctx, 404, IssueType.NOTFOUND, what + " not found: " + ctx.request().path());
            return false;
        }
        if (!reader.mayReadTeam().test(patient.get().careTeam())) {
            audit(reader, ctx, Optional.of(patient.get().id()), "denied", what + ": outside the reader's care teams");
            fail(ctx, 404, IssueType.NOTFOUND, what + " not found: " + ctx.request().path());
            return false;
        }
        audit(reader, ctx, Optional.of(patient.get().id()), "allowed", what);
        return true;
    }

    private void audit(FhirAccess.Reader reader, RoutingContext ctx, Optional<String> patient, String outcome, String detail) {
        audit.append(new AuditEntry(clock.instant(), reader.name(), reader.role(), "fhir.read", patient, outcome,
                ctx.request().method() + " " + ctx.request().uri() + ": " + detail));
    }

    private Optional<Patient> patientByFhirId(String id) {
        // The registry's own id is accepted too: the paging links carry it.
        return registry.get().patients().stream().filter(p -> FhirIds.of(p.id()).equals(id) || p.id().equals(id)).findFirst();
    }

    private void blocking(RoutingContext ctx, java.util.concurrent.Callable<IBaseResource> read) {
        workers.executeBlocking(() -> fhir.newJsonParser().encodeResourceToString(read.call()), false).onComplete(r -> {
            if (r.succeeded()) {
                ctx.response().setStatusCode(200).putHeader("content-type", CONTENT_TYPE).end(r.result());
            } else {
                storeFailed(ctx, r.cause());
            }
        });
    }

    /** InfluxDB away or slow is 503 (try again); anything else is a defect: 500, logged in full. */
    private void storeFailed(RoutingContext ctx, Throwable e) {
        if (e instanceof org.influxdb.InfluxDBException || e instanceof java.io.IOException
                || e instanceof java.io.UncheckedIOException) {
            LOG.warn("FHIR {} could not be answered: {}", ctx.request().path(), e.toString());
            fail(ctx, 503, IssueType.TRANSIENT, "the store did not answer; try again shortly");
        } else {
            LOG.error("FHIR request {} failed", ctx.request().path(), e);
            fail(ctx, 500, IssueType.EXCEPTION, "the server could not answer; try again, and tell the operator if it persists");
        }
    }

    private void respond(RoutingContext ctx, int status, IBaseResource resource) {
        ctx.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE)
                .end(fhir.newJsonParser().encodeResourceToString(resource));
    }

    private void fail(RoutingContext ctx, int status, IssueType type, String text) {
        if (!ctx.response().ended()) {
            respond(ctx, status, Outcomes.error(type, text));
        }
    }

    private static Map<String, List<String>> query(RoutingContext ctx) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        ctx.queryParams().forEach(e -> q.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return q;
    }

    private static String base(RoutingContext ctx) {
        String uri = ctx.request().absoluteURI();
        return uri.substring(0, uri.indexOf("/fhir") + "/fhir".length());
    }
}
