package dk.telemed.gateway;

import ca.uhn.fhir.context.FhirContext;
import dk.telemed.gateway.alerts.MqttAlertPublisher;
import dk.telemed.gateway.api.EventStream;
import dk.telemed.gateway.audit.FileAuditLog;
import dk.telemed.gateway.auth.ClientTokens;
import dk.telemed.gateway.auth.ClientTokensParser;
import dk.telemed.gateway.auth.Users;
import dk.telemed.gateway.auth.UsersFile;
import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.feedback.FeedbackOutbox;
import dk.telemed.gateway.health.StallWatchdog;
import dk.telemed.gateway.http.HttpApi;
import dk.telemed.gateway.ingest.DeviceStatusHandler;
import dk.telemed.gateway.ingest.DuplicateFilter;
import dk.telemed.gateway.ingest.IngestPipeline;
import dk.telemed.gateway.ingest.PayloadDecoder;
import dk.telemed.gateway.ingest.RejectionPublisher;
import dk.telemed.gateway.leadership.Fence;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.MqttConnection;
import dk.telemed.gateway.mqtt.Route;
import dk.telemed.gateway.mqtt.TakeoverGuard;
import dk.telemed.gateway.registry.RegistryWatcher;
import dk.telemed.gateway.rules.AlertSink;
import dk.telemed.gateway.rules.BandsRecorder;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.RulesLanes;
import dk.telemed.gateway.rules.ThresholdsLoader;
import dk.telemed.gateway.store.AlertStore;
import dk.telemed.gateway.store.InfluxClient;
import dk.telemed.gateway.store.ReadingHistory;
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
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The composition root: {@link #build} reads the files the gateway needs and constructs every
 * component, handing each its collaborators; nothing connects, listens or schedules until
 * {@link #start}, which starts the parts in order through a {@link Lifecycle}. So the whole
 * gateway can be built and its parts that act on the world started later, and a test can
 * assemble the same parts differently.
 */
public final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration WEBHOOK_SESSIONS_WAIT = Duration.ofSeconds(10);
    /** The client id of the session the gateway publishes through is its ingest client id with this suffix. */
    static final String PUBLISHER_SUFFIX = "-out";
    private static final long DRAIN_POLL_MS = 10;

    /** The files read before anything is built; every problem in them stops the start. */
    record Files(ClinicalDefaults clinicalDefaults, ClientTokens clients, Users users, Optional<FileAuditLog> auditCopy,
                 PatientSide.Files patientSide) {
        static Files load(Vertx vertx, GatewayConfig config) throws ConfigException, IOException {
            ClinicalDefaults clinicalDefaults = ThresholdsLoader.load(config.rules().thresholds());
            ClientTokens clients;
            try {
                clients = new ClientTokensParser().load(Path.of(config.fhir().clients()));
            } catch (ClientTokensParser.Invalid e) {
                throw new ConfigException(List.of("fhir.clients: " + e.getMessage()));
            }
            Users users = UsersFile.load(config.auth().users());
            PatientSide.Files patientSide = PatientSide.Files.load(vertx, config);
            Optional<FileAuditLog> auditCopy;
            try {
                auditCopy = config.audit().path().isEmpty() ? Optional.empty()
                        : Optional.of(FileAuditLog.open(vertx, Path.of(config.audit().path())));
            } catch (IOException e) {
                throw new IOException("audit.path: cannot open " + config.audit().path()
                        + " for appending (" + e + "); give the gateway's user a writable directory", e);
            }
            return new Files(clinicalDefaults, clients, users, auditCopy, patientSide);
        }
    }

    private final Context context;
    private final Lifecycle lifecycle = new Lifecycle();
    private final WebSide web;
    /** Takes no new messages and waits, at most the given time, for what is buffered to be written and acknowledged. */
    private final java.util.function.Function<Duration, Future<Void>> drain;

    /**
     * What one active term is given by the process that runs it.
     *
     * @param fence   checked before every act on the world; it stops holding when the term ends
     * @param front   the process's HTTP listener, which serves this term's routes from its start
     * @param member  this gateway's name among several, for /health and /ready
     * @param onStall what to do once the gateway is found stalled (Main: exit, for the supervisor to start it again)
     * @param fhir    the FHIR model, loaded once per process (see {@link dk.telemed.gateway.fhir.FhirApi#prepared})
     */
    record Term(Fence fence, HttpFront front, String member, Runnable onStall, FhirContext fhir) {
    }

    /** Builds one active term from what was read, not started. */
    Gateway(Vertx vertx, GatewayConfig config, RegistryWatcher registry, Clock clock, Term term, Files files) {
        ClinicalDefaults clinicalDefaults = files.clinicalDefaults();
        this.context = vertx.getOrCreateContext();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmGcMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        GatewayMetrics metrics = new GatewayMetrics(prometheus);

        StoreHealth storeHealth = new StoreHealth();
        InfluxClient influx = new InfluxClient(config.influx());
        ReadingStore store = new ReadingStore(vertx, influx, config.influx(), metrics, storeHealth);
        // The audit log and the sessions live in InfluxDB: they outlive this gateway.
        Trail trail = new Trail(vertx, config, influx, files.auditCopy(), files.users(), metrics, clock);

        PayloadDecoder decoder = new PayloadDecoder(clock, config.ingest().maxPayloadBytes(),
                config.ingest().maxReadingsPerMessage(), Duration.ofSeconds(config.ingest().maxFutureSkewSeconds()));
        // The broker sessions first: every handler of what ingest receives acknowledges through it, and
        // publishes (rejections, alerts, feedback) through a session of their own. What a received message
        // waits for then never waits for the ingest client's thread, so intake can count every message it
        // holds until acknowledged (see IntakeGate) without the publishes' PUBACKs queueing behind it.
        MqttConnection mqtt = new MqttConnection(context, config.mqtt(), config.mqtt().clientId(), term.fence());
        // The rules' lanes and the publishing session each run on an event loop beside the gateway's own.
        int lanes = config.rules().laneCount();
        List<Context> besides = EventLoops.besides(vertx, context, lanes == 1 ? 1 : lanes + 1);
        MqttConnection out = new MqttConnection(besides.get(besides.size() - 1), config.mqtt(),
                config.mqtt().clientId() + PUBLISHER_SUFFIX, term.fence());
        AckSequencer acks = new AckSequencer(mqtt::acknowledge);
        RejectionPublisher rejections = new RejectionPublisher(out::publish, config.ingest().maxRejectionsPerMessage());
        WorkerExecutor rulesWorkers = vertx.createSharedWorkerExecutor("influx-rules", 2);
        AlertStore alertStore = new AlertStore(influx, rulesWorkers);
        ReadingHistory history = new ReadingHistory(influx, rulesWorkers);
        SettingsStore settingsStore = new SettingsStore(influx, rulesWorkers);
        // A live stream ends with its session (sign-out, expiry).
        EventStream events = new EventStream(vertx, context, config.api(), registry, trail.sessions()::isLive);
        AlertSink alertHooks = AlertSink.fanOut(new MqttAlertPublisher(out::publish), events);
        // Every read and write of InfluxDB that must succeed in the end waits the same way between attempts.
        Backoff influxRetries = Backoff.of(config.influx());
        RulesLanes rules = RulesSide.build(vertx, lanes == 1 ? List.of(context) : besides.subList(0, lanes), config, new RulesSide.Shared(registry, clinicalDefaults, alertHooks,
                alertStore, history, settingsStore, metrics, influxRetries, clock));
        ThresholdHistory bandsHistory = new ThresholdHistory(influx, rulesWorkers);
        BandsRecorder bandsRecorder = new BandsRecorder(vertx, registry, clinicalDefaults, bandsHistory, clock);
        registry.listen((before, after, changes) -> bandsRecorder.registryChanged());
        // Its timers run on this context, where the readings' feedback is offered.
        FeedbackOutbox feedbackOutbox = new FeedbackOutbox(out::publishRoutine, config.feedback().readingsInterval(),
                (millis, task) -> ((ContextInternal) context).setTimer(millis, id -> task.run()));
        metrics.gauge("telemed.feedback.readings.pending", "Readings' feedback messages in flight to the broker or waiting for their device's turn",
                feedbackOutbox::pending);
        metrics.counter("telemed.feedback.readings.sent", "Readings' feedback messages handed to the broker for the patients' devices",
                feedbackOutbox::sent);
        metrics.counter("telemed.feedback.readings.replaced",
                "Readings' feedback messages not sent: a newer or more urgent word for the same device took their place", feedbackOutbox::replaced);
        PatientSide patientSide = new PatientSide(vertx, config, files.patientSide(), registry, clinicalDefaults, rules, influx,
                rulesWorkers, acks, out::publish, out::publishRoutine, feedbackOutbox, prometheus, clock);
        IngestPipeline pipeline = new IngestPipeline(decoder, registry, new DuplicateFilter(config.ingest().dedupCapacity()),
                store, rejections, acks, metrics, (stored, limits) -> {
                    events.readings(stored);
                    return rules.accepted(stored, limits).compose(v -> patientSide.readings(stored, limits));
                }, clock);
        Route readings = new Route(config.mqtt().readingsFilter(), 1, IngestPipeline::isReadingsTopic, pipeline::take);
        DeviceStatusHandler statuses = new DeviceStatusHandler(acks, rules, config.ingest().maxPayloadBytes());
        Route status = Route.onEventLoop(DeviceStatusHandler.filter(config.mqtt().sharedGroup()), 1, DeviceStatusHandler::isStatusTopic,
                statuses::handle);
        List<Route> routes = List.of(readings, status, patientSide.route());
        mqtt.receive(routes, acks::newConnection, acks);
        metrics.gauge("telemed.store.pending.messages", "Messages whose readings are not all written to InfluxDB yet", store::pendingCallers);
        metrics.gauge("telemed.rules.pending.messages", "Messages whose stored readings the rules have not judged yet", rules::awaitingJudgement);
        metrics.counter("telemed.mqtt.messages.set.aside", "Messages left with the broker while the gateway had no room; each is sent again",
                mqtt::setAsideTotal);
        for (TakeoverGuard.Evidence evidence : TakeoverGuard.Evidence.values()) {
            metrics.sessionTakeovers("ingest", evidence.tag(), mqtt, m -> m.sessionsTakenOver(evidence));
            metrics.sessionTakeovers("publish", evidence.tag(), out, m -> m.sessionsTakenOver(evidence));
        }

        StallWatchdog watchdog = new StallWatchdog(Duration.ofSeconds(config.health().stallSeconds()),
                () -> acks.acknowledgedTotal() + store.writtenTotal() + rules.judgedTotal(),
                () -> acks.oldestReceivedNanos() != 0 || mqtt.held() > 0, storeHealth::answersPing, System::nanoTime, term.onStall());
        metrics.gauge("telemed.messages.oldest.held.seconds", "Age of the oldest message received and not yet acknowledged", () -> {
            long since = acks.oldestReceivedNanos();
            return since == 0 ? 0 : (System.nanoTime() - since) / 1e9;
        });
        HttpApi operators = new HttpApi(prometheus, Map.of(
                "mqtt", () -> !mqtt.isReady() ? "no broker session with the readings subscription (" + config.mqtt().url() + ")"
                        : out.isReady() ? null : "no broker session to publish alerts and rejections through (" + config.mqtt().url() + ")",
                "influx", storeHealth::problem), watchdog::problem, term.member());
        Webhooks webhooks = WebhookSide.build(vertx, context, config, metrics, clock, term.fence());
        this.web = new WebSide(vertx, config, new WebSide.Parts(files.users(), files.clients(), trail, registry,
                clinicalDefaults, influx, bandsHistory, settingsStore, rules, events, patientSide, webhooks, operators,
                // Caught up: subscribed (the broker sends what it kept before it confirms the subscription) and holding nothing.
                () -> mqtt.isReady() && mqtt.held() == 0 && acks.unacknowledged() == 0),
                term.fhir(), term.front(), clock);

        Duration reload = Duration.ofMillis(config.registry().reloadIntervalMs());
        // Started in this order and stopped in the reverse one: what holds resources is stopped last.
        lifecycle.add("resources", () -> { }, () -> {
            rulesWorkers.close();
            web.close();
            trail.close().onComplete(r -> influx.close());
        });
        lifecycle.add("registry", () -> registry.watch(reload), registry::stop);
        lifecycle.add("store", store::start, store::stop);
        // The rules restore what they need in the background: a slow InfluxDB does not hold up the start.
        lifecycle.add("rules", () -> {
            rules.start();
        }, rules::stop);
        lifecycle.add("stall watchdog", watchdog::start, watchdog::close);
        lifecycle.add("patient side", patientSide::start, patientSide::stop);
        lifecycle.add("thresholds history", () -> bandsRecorder.start(reload), bandsRecorder::stop);
        lifecycle.add("live events", events::start, events::stop);
        lifecycle.add("sessions", trail::start, trail::stop);
        // Each webhook's broker queue exists before ingest can raise the first alert.
        lifecycle.add("webhooks", () -> webhooks.start(WEBHOOK_SESSIONS_WAIT), webhooks::stop);
        lifecycle.add("publishing session", () -> {
            out.start();
            return Future.succeededFuture();
        }, out::stop);
        lifecycle.add("broker session", () -> {
            mqtt.start();
            return Future.succeededFuture();
        }, mqtt::stop);
        lifecycle.add("http", web::start, () -> {
            web.stop();
            return Future.succeededFuture();
        });
        this.drain = drainTimeout -> {
            pipeline.stop();
            Promise<Void> drained = Promise.promise();
            long timer = vertx.setTimer(drainTimeout.toMillis(), id -> drained.tryFail(
                    "the buffered readings were not all written, judged and acknowledged in time"));
            // Written is not yet acknowledged: the rules' lanes and the publishing session answer on
            // their own event loops, so the last acknowledgements follow the last write a little later.
            store.flush().onComplete(r -> {
                long poll = vertx.setPeriodic(DRAIN_POLL_MS, id -> {
                    if (acks.unacknowledged() == 0 || drained.future().isComplete()) {
                        vertx.cancelTimer(id);
                        vertx.cancelTimer(timer);
                        drained.tryComplete();
                    }
                });
                drained.future().onComplete(x -> vertx.cancelTimer(poll));
            });
            return drained.future()
                    .onSuccess(x -> LOG.info("stopping: every stored reading's message acknowledged"))
                    .onFailure(e -> LOG.warn("stopping: {}; {} messages left to the broker for redelivery", e.getMessage(),
                            acks.unacknowledged()))
                    .otherwiseEmpty();
        };
    }

    /** Starts the parts in order: serving HTTP and connecting to the broker and InfluxDB (which may come later). */
    Future<Void> start() {
        return context.<Void>executeBlocking(() -> null).compose(v -> lifecycle.start());
    }

    /**
     * A graceful stop: take no new messages, finish writing what is buffered (bounded by
     * {@code drainTimeout}), which acknowledges those messages, then stop the parts in the
     * reverse order of their start. What was not stored stays unacknowledged, and the broker
     * redelivers it at the next start.
     */
    Future<Void> stop(Duration drainTimeout) {
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> drain.apply(drainTimeout).transform(x -> lifecycle.stop()).onComplete(x -> stopped.complete()));
        return stopped.future();
    }

    /**
     * The end of a term that was taken away (lease lost, session taken over): stops the parts at
     * once without writing or acknowledging what is buffered. The fence already refuses every
     * act; what this term held is redelivered by the broker to the active gateway.
     */
    Future<Void> abandon() {
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> lifecycle.stop().onComplete(x -> stopped.complete()));
        return stopped.future();
    }
}
