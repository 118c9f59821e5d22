package dk.telemed.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON error body of the API: {@code {"error": "<code>", "message": "<what a person should do>"}}. */
public final class ErrorReply {
    private ErrorReply() {
    }

    /** Seconds after which a 503 (the gateway starting, taking over, or InfluxDB away) is worth another try. */
    public static final String RETRY_AFTER_SECONDS = "5";

    public static void send(RoutingContext ctx, int status, String error, String message) {
        if (status == 503) {
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).put("message", message).encode());
    }
}
