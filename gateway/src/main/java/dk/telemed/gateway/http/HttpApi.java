package dk.telemed.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The operators' endpoints of interface section 5: liveness, readiness and metrics. */
public final class HttpApi {
    private final PrometheusMeterRegistry prometheus;
    private final Map<String, Supplier<String>> dependencies;
    private final Supplier<String> liveness;
    private final String member;

    /**
     * @param dependencies for each dependency (e.g. "mqtt", "influx"), a supplier of the
     *                     reason it is not usable, or null while it is
     * @param liveness     why the gateway is not live (stalled), or null while it is
     * @param member       this gateway's name among several (the active one serves these endpoints)
     */
    public HttpApi(PrometheusMeterRegistry prometheus, Map<String, Supplier<String>> dependencies, Supplier<String> liveness,
                   String member) {
        this.member = member;
        this.prometheus = prometheus;
        this.dependencies = new LinkedHashMap<>(dependencies);
        this.liveness = liveness;
    }

    public void mount(Router router) {
        router.get("/health").handler(this::health);
        router.get("/ready").handler(this::ready);
        // Rendering every meter takes milliseconds: on a worker, not on the event loop that ingests.
        router.get("/metrics").handler(ctx -> ctx.vertx().executeBlocking(prometheus::scrape, false).onComplete(scrape -> {
            if (scrape.failed()) {
                ctx.fail(scrape.cause());
                return;
            }
            ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(scrape.result());
        }));
    }

    private void health(RoutingContext ctx) {
        String problem = liveness.get();
        json(ctx, problem == null ? 200 : 503, (problem == null ? new JsonObject().put("status", "up")
                : new JsonObject().put("status", "stalled").put("reason", problem)).put("role", "active").put("member", member));
    }

    private void ready(RoutingContext ctx) {
        JsonObject body = new JsonObject();
        boolean allUp = true;
        for (Map.Entry<String, Supplier<String>> dependency : dependencies.entrySet()) {
            String problem = dependency.getValue().get();
            body.put(dependency.getKey(), problem == null ? "up" : "down: " + problem);
            allUp &= problem == null;
        }
        json(ctx, allUp ? 200 : 503, body.put("status", allUp ? "ready" : "not ready").put("role", "active").put("member", member));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
