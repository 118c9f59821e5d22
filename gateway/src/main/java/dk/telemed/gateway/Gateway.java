package dk.telemed.gateway;

import dk.telemed.gateway.alerts.MqttAlertPublisher;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.http.HttpApi;
import dk.telemed.gateway.ingest.DeviceStatusHandler;
import dk.telemed.gateway.ingest.DuplicateFilter;
import dk.telemed.gateway.ingest.IngestPipeline;
import dk.telemed.gateway.ingest.PayloadDecoder;
import dk.telemed.gateway.ingest.RejectionPublisher;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.MqttConnection;
import dk.telemed.gateway.mqtt.Route;
import dk.telemed.gateway.registry.RegistryWatcher;
import dk.telemed.gateway.rules.AlertDispatcher;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.RulesEngine;
import dk.telemed.gateway.rules.SeriesCache;
import dk.telemed.gateway.rules.ThresholdsLoader;
import dk.telemed.gateway.store.AlertStore;
import dk.telemed.gateway.store.InfluxClient;
import dk.telemed.gateway.store.ReadingHistory;
import dk.telemed.gateway.store.ReadingStore;
import dk.telemed.gateway.store.StoreHealth;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The composition root: builds every component from the configuration and hands each its
 * collaborators. No component creates its own dependencies, so a test can assemble the same
 * parts differently.
 */
public final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final RegistryWatcher registry;
    private final Clock clock;
    private MqttConnection mqtt;
    private ReadingStore store;
    private InfluxClient influx;
    private HttpServer http;
    private RulesEngine rules;
    private WorkerExecutor rulesWorkers;

    public Gateway(Vertx vertx, GatewayConfig config, RegistryWatcher registry, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
    }

    /** Starts serving HTTP and begins connecting to the broker and InfluxDB (which may come later). */
    public Future<Void> start() {
        ClinicalDefaults clinicalDefaults;
        try {
            clinicalDefaults = ThresholdsLoader.load(config.rules().thresholds());
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        Context context = vertx.getOrCreateContext();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmGcMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        GatewayMetrics metrics = new GatewayMetrics(prometheus);

        StoreHealth storeHealth = new StoreHealth();
        influx = new InfluxClient(config.influx());
        store = new ReadingStore(vertx, influx, config.influx(), metrics, storeHealth);

        PayloadDecoder decoder = new PayloadDecoder(clock, config.ingest().maxPayloadBytes(),
                config.ingest().maxReadingsPerMessage(), Duration.ofSeconds(config.ingest().maxFutureSkewSeconds()));
        MqttConnection[] connection = new MqttConnection[1];
        AckSequencer acks = new AckSequencer(message -> connection[0].acknowledge(message));
        RejectionPublisher rejections = new RejectionPublisher((topic, body) -> connection[0].publish(topic, body),
                config.ingest().maxRejectionsPerMessage());
        rulesWorkers = vertx.createSharedWorkerExecutor("influx-rules", 2);
        AlertStore alertStore = new AlertStore(influx, rulesWorkers);
        ReadingHistory history = new ReadingHistory(influx, rulesWorkers);
        AlertDispatcher dispatcher = new AlertDispatcher(vertx, new MqttAlertPublisher((topic, body) -> connection[0].publish(topic, body)),
                alertStore, metrics, config.influx().retryInitialMs(), config.influx().retryMaxMs());
        SeriesCache series = new SeriesCache(history, SeriesCache.Delay.timers(vertx), clock,
                Duration.ofSeconds(config.rules().historyCacheSeconds()), RulesEngine.reach(clinicalDefaults));
        rules = new RulesEngine(vertx, config.rules(), registry, clinicalDefaults, series, dispatcher, RulesEngine.Restore.of(
                () -> alertStore.openAlerts(Duration.ofDays(config.rules().openAlertsLookbackDays())), history::lastReadings),
                metrics, clock);
        IngestPipeline pipeline = new IngestPipeline(decoder, registry, new DuplicateFilter(config.ingest().dedupCapacity()),
                store, rejections, acks, metrics, rules, clock);
        Route readings = new Route(config.mqtt().readingsFilter(), 1, IngestPipeline::isReadingsTopic, pipeline::handle);
        DeviceStatusHandler statuses = new DeviceStatusHandler(acks, rules, config.ingest().maxPayloadBytes());
        Route status = new Route(DeviceStatusHandler.filter(config.mqtt().sharedGroup()), 1, DeviceStatusHandler::isStatusTopic,
                statuses::handle);
        mqtt = new MqttConnection(context, config.mqtt(), config.mqtt().clientId(), List.of(readings, status), acks::newConnection);
        connection[0] = mqtt;

        HttpApi api = new HttpApi(prometheus, Map.of(
                "mqtt", () -> mqtt.isReady() ? null : "no broker session with the readings subscription (" + config.mqtt().url() + ")",
                "influx", storeHealth::problem));
        Router router = Router.router(vertx);
        api.mount(router);

        return context.<Void>executeBlocking(() -> null).compose(v -> {
            registry.watch(Duration.ofMillis(config.registry().reloadIntervalMs()));
            store.start();
            rules.start();
            try {
                mqtt.start();
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
            return vertx.createHttpServer().requestHandler(router).listen(config.http().port(), config.http().host());
        }).map(server -> {
            http = server;
            LOG.info("gateway serving http://{}:{}/ (health, ready, metrics)", config.http().host(), server.actualPort());
            return null;
        });
    }

    public int httpPort() {
        return http.actualPort();
    }

    public Future<Void> stop() {
        registry.stop();
        if (rules != null) {
            rules.stop();
        }
        Future<Void> mqttStopped = mqtt == null ? Future.succeededFuture() : mqtt.stop();
        return mqttStopped.compose(v -> http == null ? Future.succeededFuture() : http.close()).onComplete(v -> {
            if (store != null) {
                store.stop();
            }
            if (rulesWorkers != null) {
                rulesWorkers.close();
            }
            if (influx != null) {
                influx.close();
            }
        });
    }
}
