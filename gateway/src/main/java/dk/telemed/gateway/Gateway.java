package dk.telemed.gateway;

import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.http.HttpApi;
import dk.telemed.gateway.http.WebhooksApi;
import dk.telemed.gateway.ingest.DuplicateFilter;
import dk.telemed.gateway.ingest.IngestPipeline;
import dk.telemed.gateway.ingest.PayloadDecoder;
import dk.telemed.gateway.ingest.ReadingListener;
import dk.telemed.gateway.ingest.RejectionPublisher;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.MqttConnection;
import dk.telemed.gateway.mqtt.Route;
import dk.telemed.gateway.registry.RegistryWatcher;
import dk.telemed.gateway.store.InfluxClient;
import dk.telemed.gateway.store.ReadingStore;
import dk.telemed.gateway.store.StoreHealth;
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
    private static final Duration WEBHOOK_SESSIONS_WAIT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final RegistryWatcher registry;
    private final Clock clock;
    private Context context;
    private IngestPipeline pipeline;
    private AckSequencer acks;
    private MqttConnection mqtt;
    private ReadingStore store;
    private InfluxClient influx;
    private HttpServer http;
    private Webhooks webhooks;

    public Gateway(Vertx vertx, GatewayConfig config, RegistryWatcher registry, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
    }

    /** Starts serving HTTP and begins connecting to the broker and InfluxDB (which may come later). */
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
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
        acks = new AckSequencer(message -> connection[0].acknowledge(message));
        RejectionPublisher rejections = new RejectionPublisher((topic, body) -> connection[0].publish(topic, body),
                config.ingest().maxRejectionsPerMessage());
        pipeline = new IngestPipeline(decoder, registry, new DuplicateFilter(config.ingest().dedupCapacity()),
                store, rejections, acks, metrics, ReadingListener.NONE, clock);
        Route readings = new Route(config.mqtt().readingsFilter(), 1, IngestPipeline::isReadingsTopic, pipeline::handle);
        mqtt = new MqttConnection(context, config.mqtt(), config.mqtt().clientId(), List.of(readings), acks::newConnection);
        connection[0] = mqtt;

        HttpApi api = new HttpApi(prometheus, Map.of(
                "mqtt", () -> mqtt.isReady() ? null : "no broker session with the readings subscription (" + config.mqtt().url() + ")",
                "influx", storeHealth::problem));
        webhooks = Webhooks.create(vertx, context, config, metrics, clock);
        Router router = Router.router(vertx);
        api.mount(router);
        new WebhooksApi(() -> webhooks.status().toJson()).mount(router);

        return context.<Void>executeBlocking(() -> null).compose(v -> {
            registry.watch(Duration.ofMillis(config.registry().reloadIntervalMs()));
            store.start();
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
                    .transform(x -> Future.join(mqtt.stop(), hooksStopped).<Void>mapEmpty())
                    .compose(x -> http == null ? Future.succeededFuture() : http.close())
                    .onComplete(x -> {
                        store.stop();
                        influx.close();
                        stopped.complete();
                    });
        });
        return stopped.future();
    }
}
