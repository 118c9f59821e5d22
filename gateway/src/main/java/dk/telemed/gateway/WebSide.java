package dk.telemed.gateway;

import ca.uhn.fhir.context.FhirContext;
import dk.telemed.gateway.api.AlertsApi;
import dk.telemed.gateway.api.AuditApi;
import dk.telemed.gateway.api.ClinicalApi;
import dk.telemed.gateway.api.ClinicalQueries;
import dk.telemed.gateway.api.EventStream;
import dk.telemed.gateway.api.OverviewApi;
import dk.telemed.gateway.api.PatientAccess;
import dk.telemed.gateway.api.PatientsApi;
import dk.telemed.gateway.api.ReadingsApi;
import dk.telemed.gateway.api.ResponsesApi;
import dk.telemed.gateway.api.RulesView;
import dk.telemed.gateway.api.SettingsApi;
import dk.telemed.gateway.audit.AuditLog;
import dk.telemed.gateway.auth.Access;
import dk.telemed.gateway.auth.ClientTokens;
import dk.telemed.gateway.auth.LoginThrottle;
import dk.telemed.gateway.auth.PasswordHasher;
import dk.telemed.gateway.auth.Role;
import dk.telemed.gateway.auth.SessionAuth;
import dk.telemed.gateway.auth.SignInApi;
import dk.telemed.gateway.auth.Users;
import dk.telemed.gateway.config.ApiConfig;
import dk.telemed.gateway.config.AuthConfig;
import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.fhir.FhirApi;
import dk.telemed.gateway.http.HttpApi;
import dk.telemed.gateway.http.SecurityHeaders;
import dk.telemed.gateway.http.WebUi;
import dk.telemed.gateway.http.WebhooksApi;
import dk.telemed.gateway.registry.RegistryWatcher;
import dk.telemed.gateway.rules.AlertBoard;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.store.InfluxClient;
import dk.telemed.gateway.store.ReadingQueries;
import dk.telemed.gateway.store.SettingsStore;
import dk.telemed.gateway.store.ThresholdHistory;
import dk.telemed.gateway.webhooks.Webhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Assembles what people and other systems ask over HTTP: sign-in and sessions, the audit log,
 * operators' endpoints, FHIR, the care team's API and the dashboard. Part of the composition
 * root: built with the rest, it answers on the process's {@link HttpFront} once {@link #start} is called.
 */
final class WebSide {
    private static final Logger LOG = LoggerFactory.getLogger(WebSide.class);
    private static final long SIGN_IN_SWEEP_MS = 60_000;
    /** Failed sign-ins remembered at most for this many usernames and addresses together. */
    private static final int THROTTLE_CAPACITY = 100_000;
    /** Sign-ins that may wait for a password-checking thread; more are answered 503 at once. */
    private static final int SIGN_INS_WAITING_PER_THREAD = 16;

    /** What the web side reads from the rest of the gateway. */
    record Parts(Users users, ClientTokens clients, Trail trail, RegistryWatcher registry,
                 ClinicalDefaults defaults, InfluxClient influx, ThresholdHistory bandsHistory, SettingsStore settingsStore,
                 AlertBoard alertBoard, EventStream events, PatientSide patientSide, Webhooks webhooks, HttpApi operators,
                 BooleanSupplier caughtUp) {
    }

    private final Vertx vertx;
    private final HttpFront front;
    private final LoginThrottle throttle;
    private final Router router;
    private final WorkerExecutor passwordWorkers;
    private final WorkerExecutor fhirWorkers;
    private final WorkerExecutor apiWorkers;
    private long signInSweep = -1;

    WebSide(Vertx vertx, GatewayConfig config, Parts parts, FhirContext fhir, HttpFront front, Clock clock) {
        this.vertx = vertx;
        this.front = front;
        AuthConfig auth = config.auth();
        if (parts.users().size() == 0) {
            LOG.warn("no users file at '{}' (auth.users, TELEMED_USERS): every sign-in is refused", auth.users());
        } else {
            LOG.info("{} users may sign in ({})", parts.users().size(), auth.users());
        }
        boolean tls = config.http().tls().enabled();
        this.throttle = new LoginThrottle(clock, auth.freeFailures(), auth.freeFailuresPerAddress(),
                Duration.ofMillis(auth.failureDelayInitialMs()),
                Duration.ofMillis(auth.failureDelayMaxMs()), Duration.ofSeconds(auth.failureMemorySeconds()), THROTTLE_CAPACITY);
        SessionAuth sessionAuth = new SessionAuth(parts.trail().sessions(), tls);
        AuditLog auditLog = parts.trail().auditLog();
        Access access = new Access(auditLog, clock);
        this.passwordWorkers = vertx.createSharedWorkerExecutor("password-verify", auth.verifyThreads());
        this.fhirWorkers = vertx.createSharedWorkerExecutor("influx-fhir", 2);
        // A pool of its own, so dashboards polling cannot hold up the rules' reads of InfluxDB.
        this.apiWorkers = vertx.createSharedWorkerExecutor("influx-api", 2);
        this.router = Router.router(vertx);
        // Security headers on every response; sign-in and the session guard of /api/* go before every other /api route.
        new SecurityHeaders(tls).mount(router);
        new SignInApi(parts.users(), new PasswordHasher(), throttle, sessionAuth, access, passwordWorkers,
                auth.verifyThreads() * SIGN_INS_WAITING_PER_THREAD).mount(router);
        new AuditApi(parts.trail().auditReader(), sessionAuth).mount(router);
        parts.operators().mount(router);
        new WebhooksApi(() -> parts.webhooks().status().toJson()).mount(router, sessionAuth.requireRole(Role.ADMIN));
        PatientSide patientSide = parts.patientSide();
        router.route("/fhir/*").handler(sessionAuth.resolve());
        new FhirApi(fhir, new FhirApi.Dependencies(parts.clients(), sessionAuth::userOf, new ReadingQueries(parts.influx()),
                parts.bandsHistory(), parts.registry(), parts.alertBoard()::openAlerts, auditLog, fhirWorkers),
                new FhirApi.Limits(config.fhir().defaultCount(), config.fhir().maxCount(),
                        Duration.ofSeconds(config.ingest().maxFutureSkewSeconds())),
                clock, patientSide.questionnaires(), patientSide.storedResponses()).mount(router);
        LOG.info("FHIR interface: {} client systems", parts.clients().size());
        clinicalApi(config, parts, auditLog, apiWorkers, clock).mount(router);
        new ResponsesApi(parts.registry(), auditLog, patientSide.questionnaires(), patientSide.storedResponses()::responses,
                apiWorkers, clock).mount(router);
        new WebUi().mount(router);
    }

    /** The care team's API: its endpoints share one patient access check, one view of the alerts and one query pool. */
    private static ClinicalApi clinicalApi(GatewayConfig config, Parts parts, AuditLog auditLog, WorkerExecutor apiWorkers, Clock clock) {
        ApiConfig api = config.api();
        PatientAccess access = new PatientAccess(parts.registry(), auditLog, clock);
        RulesView rules = new RulesView(parts.alertBoard(), parts.caughtUp(), clock);
        ClinicalQueries queries = new ClinicalQueries(parts.influx(), apiWorkers, api, clock);
        return new ClinicalApi(access, parts.events(),
                new OverviewApi(access, rules, queries, parts.defaults(), api, config.rules().zone(), clock),
                new AlertsApi(access, rules, queries, api, parts.patientSide()::acknowledged),
                new PatientsApi(access, rules, queries, parts.defaults(), parts.registry()::settings, api, clock),
                new ReadingsApi(access, rules, queries, api, clock),
                new SettingsApi(access, parts.registry(), parts.settingsStore(), parts.defaults(), clock));
    }

    /** Starts sweeping the sign-in throttle and answers on the front. */
    Future<Void> start() {
        signInSweep = vertx.setPeriodic(SIGN_IN_SWEEP_MS, id -> throttle.sweep());
        return front.serve(router);
    }

    /** Stops sweeping; the process's front answers as a standby from then on. */
    void stop() {
        vertx.cancelTimer(signInSweep);
    }

    /** The worker pools, closed once nothing can use them. */
    void close() {
        apiWorkers.close();
        passwordWorkers.close();
        fhirWorkers.close();
    }
}
