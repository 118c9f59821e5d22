package dk.telemed.gateway;

import dk.telemed.gateway.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway process's one HTTP listener. It outlives each active term: a standby answers on it,
 * and the active term's routes replace the standby's answers without closing the port, so a
 * load balancer and a nurse's browser see one address whichever role the process has.
 */
final class HttpFront {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

    private final Vertx vertx;
    private final HttpConfig config;
    private final AtomicReference<Handler<HttpServerRequest>> current = new AtomicReference<>();
    private Future<HttpServer> listening;

    HttpFront(Vertx vertx, HttpConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Answers with {@code handler} from now on, listening first if not yet listening. */
    synchronized Future<Void> serve(Handler<HttpServerRequest> handler) {
        current.set(handler);
        if (listening == null) {
            listening = vertx.createHttpServer(options()).requestHandler(request -> current.get().handle(request))
                    .listen(config.port(), config.host())
                    .onSuccess(server -> LOG.info("gateway serving {}://{}:{}/ (health, ready, metrics)",
                            config.tls().enabled() ? "https" : "http", config.host(), server.actualPort()));
        }
        return listening.mapEmpty();
    }

    synchronized Future<Void> close() {
        return listening == null ? Future.succeededFuture() : listening.compose(HttpServer::close).otherwiseEmpty();
    }

    private HttpServerOptions options() {
        HttpServerOptions options = new HttpServerOptions();
        if (config.tls().enabled()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.tls().certFile()).setKeyPath(config.tls().keyFile()));
        }
        return options;
    }
}
