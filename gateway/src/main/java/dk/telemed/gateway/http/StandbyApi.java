package dk.telemed.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BooleanSupplier;

/**
 * What a gateway answers while it is not the active one (a standby, or a member elected and
 * still restoring): {@code /health} 200, since the process works and may take over;
 * {@code /ready} 503 with its role, so a load balancer's health check sends users to the
 * active; everything else 503 with {@code Retry-After}, so a nurse's acknowledgement or a
 * dashboard's poll is tried again rather than lost.
 */
public final class StandbyApi {
    private final Router router;
    private final String member;
    private final BooleanSupplier starting;

    /** @param starting true while this member has been elected and is restoring what it needs to act */
    public StandbyApi(Vertx vertx, String member, boolean tls, BooleanSupplier starting) {
        this.member = member;
        this.starting = starting;
        this.router = Router.router(vertx);
        new SecurityHeaders(tls).mount(router);
        router.get("/health").handler(ctx -> json(ctx, 200, identity().put("status", "up")));
        router.get("/ready").handler(ctx -> json(ctx, 503, identity().put("status", "not ready")));
        router.route().handler(ctx -> {
            ErrorReply.retryHint(ctx, 503);
            json(ctx, 503, identity().put("error", "standby").put("message", starting.getAsBoolean()
                    ? "this gateway is taking over; try again in a few seconds"
                    : "this gateway is a standby and answers nothing but /health and /ready; the active gateway does"
                    + " (a load balancer that checks /ready sends you there); try again in a few seconds"));
        });
    }

    public Handler<HttpServerRequest> handler() {
        return router;
    }

    private JsonObject identity() {
        return new JsonObject().put("role", starting.getAsBoolean() ? "active" : "standby").put("member", member);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
