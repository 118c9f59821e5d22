package dk.telemed.gateway;

import ca.uhn.fhir.context.FhirContext;
import dk.telemed.gateway.rules.AlertSink;
import dk.telemed.gateway.alerts.MqttAlertPublisher;
import dk.telemed.gateway.api.ClinicalApi;
import dk.telemed.gateway.api.EventStream;
import dk.telemed.gateway.api.ResponsesApi;
import dk.telemed.gateway.api.AuditApi;
import dk.telemed.gateway.audit.FileAuditLog;
import dk.telemed.gateway.auth.Access;
import dk.telemed.gateway.auth.LoginThrottle;
import dk.telemed.gateway.auth.PasswordHasher;
import dk.telemed.gateway.auth.Role;
import dk.telemed.gateway.auth.SessionAuth;
import dk.telemed.gateway.auth.Sessions;
import dk.telemed.gateway.auth.SignInApi;
import dk.telemed.gateway.auth.Users;
import dk.telemed.gateway.auth.UsersFile;
import dk.telemed.gateway.cluster.ClusterAlerts;
import dk.telemed.gateway.cluster.ClusterInbox;
import dk.telemed.gateway.cluster.Membership;
import dk.telemed.gateway.cluster.PartitionedRules;
import dk.telemed.gateway.config.AuthConfig;
import dk.telemed.gateway.auth.ClientTokens;
import dk.telemed.gateway.auth.ClientTokensParser;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.fhir.FhirApi;
import dk.telemed.gateway.health.StallWatchdog;
import dk.telemed.gateway.http.HttpApi;
import dk.telemed.gateway.http.SecurityHeaders;
import dk.telemed.gateway.http.WebUi;
import dk.telemed.gateway.http.WebhooksApi;
import dk.telemed.gateway.ingest.DeviceStatusHandler;
import dk.telemed.gateway.ingest.DuplicateFilter;
import dk.telemed.gateway.ingest.IngestPipeline;
import dk.telemed.gateway.ingest.PayloadDecoder;
import dk.telemed.gateway.ingest.RejectionPublisher;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.MqttConnection;
import dk.telemed.gateway.mqtt.Route;
import dk.telemed.gateway.mqtt.TakeoverGuard;
import dk.telemed.gateway.registry.RegistryWatcher;
import dk.telemed.gateway.rules.AlertDispatcher;
import dk.telemed.gateway.rules.BandsRecorder;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.RulesEngine;
import dk.telemed.gateway.rules.SeriesCache;
import dk.telemed.gateway.rules.ThresholdsLoader;
import dk.telemed.gateway.store.AlertStore;
import dk.telemed.gateway.store.InfluxClient;
import dk.telemed.gateway.store.ReadingHistory;
import dk.telemed.gateway.store.ReadingQueries;
import dk.telemed.gateway.store.ReadingStore;
import dk.telemed.gateway.store.SettingsStore;
import dk.telemed.gateway.store.StoreHealth;
import dk.telemed.gateway.store.ThresholdHistory;
import dk.telemed.gateway.webhooks.Webhooks;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The composition root: builds every component from the configuration and hands each its
 * collaborators. No component creates its own dependencies, so a test can assemble the same
 * parts differently.
 */
public final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration WEBHOOK_SESSIONS_WAIT = Duration.ofSeconds(10);
    private static final long SIGN_IN_SWEEP_MS = 60_000;
    /** Failed sign-ins remembered at most for this many usernames and addresses together. */
    private static final int THROTTLE_CAPACITY = 100_000;
    /** Sign-ins that may wait for a password-checking thread; more are answered 503 at once. */
    private static final int SIGN_INS_WAITING_PER_THREAD = 16;
    /** How long the other cluster members' open alerts, read from InfluxDB, serve the API before they are read again. */
    private static final Duration CLUSTER_ALERTS_FRESH = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final RegistryWatcher registry;
    private final Clock clock;
    /** What to do once the gateway is found stalled (Main: exit, for the supervisor to start it again). */
    private final Runnable onStall;
    private Context context;
    private StallWatchdog watchdog;
    private IngestPipeline pipeline;
    private AckSequencer acks;
    private MqttConnection mqtt;
    private ReadingStore store;
    private InfluxClient influx;
    private HttpServer http;
    private Webhooks webhooks;
    private RulesEngine rules;
    private WorkerExecutor rulesWorkers;
    private FileAuditLog auditLog;
    private SessionAuth sessionAuth;
    private Access access;
    private WorkerExecutor passwordWorkers;
    private long signInSweep = -1;
    private WorkerExecutor fhirWorkers;
    private BandsRecorder bandsRecorder;
    private WorkerExecutor apiWorkers;
    private EventStream events;
    private Sessions sessions;
    private PatientSide patientSide;

    public Gateway(Vertx vertx, GatewayConfig config, RegistryWatcher registry, Clock clock, Runnable onStall) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.onStall = onStall;
    }

    /** Starts serving HTTP and begins connecting to the broker and InfluxDB (which may come later). */
    public Future<Void> start() {
        ClinicalDefaults clinicalDefaults;
        Users users;
        ClientTokens clients;
        try {
            clinicalDefaults = ThresholdsLoader.load(config.rules().thresholds());
            clients = new ClientTokensParser().load(Path.of(config.fhir().clients()));
            users = UsersFile.load(config.auth().users());
            auditLog = FileAuditLog.open(vertx, Path.of(config.audit().path()));
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        } catch (ClientTokensParser.Invalid e) {
            return Future.failedFuture(new ConfigException(List.of("fhir.clients: " + e.getMessage())));
        } catch (IOException e) {
            return Future.failedFuture(new IOException("audit.path: cannot open " + config.audit().path()
                    + " for appending (" + e + "); give the gateway's user a writable directory", e));
        }
        // Building the FHIR model takes a moment: once, here, and shared by every request.
        FhirContext fhir = FhirContext.forR4();
        context = vertx.getOrCreateContext();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmGcMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        GatewayMetrics metrics = new GatewayMetrics(prometheus);
        metrics.auditQueue(auditLog, FileAuditLog::queued, FileAuditLog::folded, FileAuditLog::dropped);

        StoreHealth storeHealth = new StoreHealth();
        influx = new InfluxClient(config.influx());
        store = new ReadingStore(vertx, influx, config.influx(), metrics, storeHealth);

        PayloadDecoder decoder = new PayloadDecoder(clock, config.ingest().maxPayloadBytes(),
                config.ingest().maxReadingsPerMessage(), Duration.ofSeconds(config.ingest().maxFutureSkewSeconds()));
        MqttConnection[] connection = new MqttConnection[1];
        acks = new AckSequencer(message -> connection[0].acknowledge(message));
        RejectionPublisher rejections = new RejectionPublisher((topic, body) -> connection[0].publish(topic, body),
                config.ingest().maxRejectionsPerMessage());
        rulesWorkers = vertx.createSharedWorkerExecutor("influx-rules", 2);
        AlertStore alertStore = new AlertStore(influx, rulesWorkers);
        ReadingHistory history = new ReadingHistory(influx, rulesWorkers);
        SettingsStore settingsStore = new SettingsStore(influx, rulesWorkers);
        // A live stream ends with its session (sign-out, expiry); the sessions exist once sign-in is mounted.
        events = new EventStream(vertx, context, config.api(), registry, id -> sessions != null && sessions.isLive(id));
        AlertSink alertHooks = AlertSink.fanOut(new MqttAlertPublisher((topic, body) -> connection[0].publish(topic, body)), events);
        AlertDispatcher dispatcher = new AlertDispatcher(vertx, alertHooks, alertStore, metrics, config.influx().retryInitialMs(),
                config.influx().retryMaxMs());
        SeriesCache series = new SeriesCache(history, SeriesCache.Delay.timers(vertx), clock,
                Duration.ofSeconds(config.rules().historyCacheSeconds()), RulesEngine.reach(clinicalDefaults));
        Membership membership = Membership.of(config.cluster(), config.mqtt().sharedGroup());
        Duration openAlertsLookback = Duration.ofDays(config.rules().openAlertsLookbackDays());
        rules = new RulesEngine(vertx, config.rules(), registry, clinicalDefaults, series, dispatcher, RulesEngine.Restore.of(
                // The clinicians' stored settings are in force before the first reading is judged.
                () -> settingsStore.load().compose(stored -> {
                    registry.restore(stored);
                    return alertStore.openAlerts(openAlertsLookback);
                }), history::lastReadings),
                metrics, clock, membership::owns);
        PartitionedRules.Publisher publisher = (topic, body) -> connection[0].publishForReason(topic, body);
        PartitionedRules partitioned = new PartitionedRules(membership, rules, publisher, registry);
        ClusterAlerts alertBoard = new ClusterAlerts(vertx, context, membership, rules, () -> alertStore.openAlerts(openAlertsLookback),
                publisher, CLUSTER_ALERTS_FRESH, Duration.ofMillis(config.cluster().ackTimeoutMs()));
        ThresholdHistory bandsHistory = new ThresholdHistory(influx, rulesWorkers);
        bandsRecorder = new BandsRecorder(vertx, registry, clinicalDefaults, bandsHistory, clock);
        registry.listen((before, after, changes) -> bandsRecorder.registryChanged());
        try {
            patientSide = PatientSide.create(vertx, config, registry, clinicalDefaults, rules, influx, rulesWorkers, acks,
                    (topic, body) -> connection[0].publish(topic, body), prometheus, membership::owns, clock);
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        pipeline = new IngestPipeline(decoder, registry, new DuplicateFilter(config.ingest().dedupCapacity()),
                store, rejections, acks, metrics, (stored, limits) -> {
                    events.readings(stored);
                    return partitioned.accepted(stored, limits).compose(v -> patientSide.readings(stored, limits));
                }, clock);
        Route readings = new Route(config.mqtt().readingsFilter(), 1, IngestPipeline::isReadingsTopic, pipeline::handle);
        DeviceStatusHandler statuses = new DeviceStatusHandler(acks, partitioned, config.ingest().maxPayloadBytes());
        Route status = new Route(DeviceStatusHandler.filter(config.mqtt().sharedGroup()), 1, DeviceStatusHandler::isStatusTopic,
                statuses::handle);
        List<Route> routes = new ArrayList<>(List.of(readings, status, patientSide.route()));
        if (membership.clustered()) {
            ClusterInbox inbox = new ClusterInbox(membership, (stored, limits) -> {
                events.readings(stored);
                return rules.accepted(stored, limits).compose(v -> patientSide.handedOver(stored));
            }, rules, alertBoard, publisher, acks);
            routes.add(new Route(inbox.filter(), 1, inbox::matches, inbox::handle));
        }
        LOG.info("clinical rules: {}", membership);
        mqtt = new MqttConnection(context, config.mqtt(), config.mqtt().clientId(), routes, acks::newConnection,
                () -> store.pendingCallers() + rules.awaitingJudgement());
        connection[0] = mqtt;
        metrics.gauge("telemed.store.pending.messages", "Messages whose readings are not all written to InfluxDB yet", store::pendingCallers);
        metrics.gauge("telemed.rules.pending.messages", "Messages whose stored readings the rules have not judged yet", rules::awaitingJudgement);
        metrics.counter("telemed.mqtt.messages.set.aside", "Messages left with the broker while the gateway had no room; each is sent again",
                mqtt::setAsideTotal);
        for (TakeoverGuard.Evidence evidence : TakeoverGuard.Evidence.values()) {
            metrics.sessionTakeovers("ingest", evidence.tag(), mqtt, m -> m.sessionsTakenOver(evidence));
        }

        watchdog = new StallWatchdog(Duration.ofSeconds(config.health().stallSeconds()),
                () -> acks.acknowledgedTotal() + store.writtenTotal() + rules.judgedTotal(),
                () -> acks.oldestReceivedNanos() != 0 || mqtt.held() > 0, storeHealth::answersPing, System::nanoTime, onStall);
        metrics.gauge("telemed.messages.oldest.held.seconds", "Age of the oldest message received and not yet acknowledged", () -> {
            long since = acks.oldestReceivedNanos();
            return since == 0 ? 0 : (System.nanoTime() - since) / 1e9;
        });
        HttpApi api = new HttpApi(prometheus, Map.of(
                "mqtt", () -> mqtt.isReady() ? null : "no broker session with the readings subscription (" + config.mqtt().url() + ")",
                "influx", storeHealth::problem), watchdog::problem);
        webhooks = Webhooks.create(vertx, context, config, metrics, clock, membership::owns);
        Router router = Router.router(vertx);
        mountSignIn(router, users);
        api.mount(router);
        new WebhooksApi(() -> webhooks.status().toJson()).mount(router, sessionAuth.requireRole(Role.ADMIN));
        fhirWorkers = vertx.createSharedWorkerExecutor("influx-fhir", 2);
        new FhirApi(fhir, new FhirApi.Dependencies(clients, sessionAuth::userOf, new ReadingQueries(influx), bandsHistory, registry,
                alertBoard::openAlerts, auditLog, fhirWorkers), new FhirApi.Limits(config.fhir().defaultCount(), config.fhir().maxCount(),
                Duration.ofSeconds(config.ingest().maxFutureSkewSeconds())),
                clock, patientSide.questionnaires(), patientSide.storedResponses()).mount(router);
        LOG.info("FHIR interface: {} client systems", clients.size());
        // A pool of its own, so dashboards polling cannot hold up the rules' reads of InfluxDB.
        apiWorkers = vertx.createSharedWorkerExecutor("influx-api", 2);
        new ClinicalApi(config.api(), config.rules().zone(), registry, alertBoard, clinicalDefaults, influx, apiWorkers, settingsStore,
                events, auditLog, clock, patientSide::acknowledged).mount(router);
        new ResponsesApi(registry, auditLog, patientSide.questionnaires(), patientSide.storedResponses()::responses, apiWorkers, clock)
                .mount(router);
        new WebUi().mount(router);

        return context.<Void>executeBlocking(() -> null).compose(v -> {
            registry.watch(Duration.ofMillis(config.registry().reloadIntervalMs()));
            store.start();
            rules.start();
            watchdog.start();
            patientSide.start();
            bandsRecorder.start(Duration.ofMillis(config.registry().reloadIntervalMs()));
            events.start();
            try {
                // Each webhook's broker queue exists before ingest can raise the first alert.
                return webhooks.start(WEBHOOK_SESSIONS_WAIT);
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        }).compose(v -> {
            try {
                mqtt.start();
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
            return vertx.createHttpServer(httpOptions()).requestHandler(router).listen(config.http().port(), config.http().host());
        }).map(server -> {
            http = server;
            LOG.info("gateway serving {}://{}:{}/ (health, ready, metrics)", config.http().tls().enabled() ? "https" : "http",
                    config.http().host(), server.actualPort());
            return null;
        });
    }

    /**
     * Security headers on every response; sign-in, the session guard of {@code /api/*} (so it
     * goes before every other {@code /api} route) and the audit log's API.
     */
    private void mountSignIn(Router router, Users users) {
        AuthConfig auth = config.auth();
        if (users.size() == 0) {
            LOG.warn("no users file at '{}' (auth.users, TELEMED_USERS): every sign-in is refused", auth.users());
        } else {
            LOG.info("{} users may sign in ({})", users.size(), auth.users());
        }
        boolean tls = config.http().tls().enabled();
        sessions = new Sessions(clock, Duration.ofSeconds(auth.sessionIdleSeconds()),
                Duration.ofSeconds(auth.sessionLifetimeSeconds()));
        LoginThrottle throttle = new LoginThrottle(clock, auth.freeFailures(), auth.freeFailuresPerAddress(),
                Duration.ofMillis(auth.failureDelayInitialMs()),
                Duration.ofMillis(auth.failureDelayMaxMs()), Duration.ofSeconds(auth.failureMemorySeconds()), THROTTLE_CAPACITY);
        signInSweep = vertx.setPeriodic(SIGN_IN_SWEEP_MS, id -> {
            sessions.sweep();
            throttle.sweep();
        });
        sessionAuth = new SessionAuth(sessions, tls);
        access = new Access(auditLog, clock);
        passwordWorkers = vertx.createSharedWorkerExecutor("password-verify", auth.verifyThreads());
        new SecurityHeaders(tls).mount(router);
        new SignInApi(users, new PasswordHasher(), throttle, sessionAuth, access, passwordWorkers,
                auth.verifyThreads() * SIGN_INS_WAITING_PER_THREAD).mount(router);
        new AuditApi(auditLog, sessionAuth).mount(router);
    }

    private HttpServerOptions httpOptions() {
        HttpServerOptions options = new HttpServerOptions();
        if (config.http().tls().enabled()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.http().tls().certFile()).setKeyPath(config.http().tls().keyFile()));
        }
        return options;
    }

    public int httpPort() {
        return http.actualPort();
    }

    /**
     * A graceful stop: take no new messages, finish writing what is buffered (bounded by
     * {@code drainTimeout}), which acknowledges those messages, then leave the session. What
     * was not stored stays unacknowledged, and the broker redelivers it at the next start.
     */
    public Future<Void> stop(Duration drainTimeout) {
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> {
            registry.stop();
            pipeline.stop();
            patientSide.stop();
            Future<Void> hooksStopped = webhooks.stop();
            Promise<Void> drained = Promise.promise();
            long timer = vertx.setTimer(drainTimeout.toMillis(), id -> drained.tryFail("InfluxDB did not take the buffered readings in time"));
            store.flush().onComplete(r -> {
                vertx.cancelTimer(timer);
                drained.tryComplete();
            });
            drained.future()
                    .onSuccess(x -> LOG.info("stopping: every stored reading's message acknowledged"))
                    .onFailure(e -> LOG.warn("stopping: {}; {} messages left to the broker for redelivery", e.getMessage(), acks.unacknowledged()))
                    .transform(x -> {
                        rules.stop();
                        bandsRecorder.stop();
                        events.stop();
                        return Future.join(mqtt.stop(), hooksStopped).<Void>mapEmpty();
                    })
                    .compose(x -> http == null ? Future.succeededFuture() : http.close())
                    .onComplete(x -> {
                        watchdog.close();
                        store.stop();
                        rulesWorkers.close();
                        apiWorkers.close();
                        vertx.cancelTimer(signInSweep);
                        passwordWorkers.close();
                        auditLog.close();
                        fhirWorkers.close();
                        influx.close();
                        stopped.complete();
                    });
        });
        return stopped.future();
    }
}
