package dk.telemed.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * {@code GET /api/webhooks}: each webhook receiver's delivery state (connected, queue depth,
 * circuit, last error, recent permanent failures), for admins only. Ids only, never a secret,
 * a receiver's path or query, or a patient. A plain handler, so the sign-in of {@code /api/}
 * can be put in front of it.
 */
public final class WebhooksApi implements Handler<RoutingContext> {
    public static final String PATH = "/api/webhooks";
    private final Supplier<JsonObject> status;

    public WebhooksApi(Supplier<JsonObject> status) {
        this.status = status;
    }

    /** @param adminsOnly refuses every signed-in user who is not an admin (403) */
    public void mount(Router router, Handler<RoutingContext> adminsOnly) {
        router.get(PATH).handler(adminsOnly).handler(this);
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                .end(status.get().encode());
    }
}
