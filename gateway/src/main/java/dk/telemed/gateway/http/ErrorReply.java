package dk.telemed.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON error body of the API: {@code {"error": "<code>", "message": "<what a person should do>"}}. */
public final class ErrorReply {
    private ErrorReply() {
    }

    /** Seconds after which a 503 (the gateway starting, taking over, or InfluxDB away) is worth another try. */
    private static final String RETRY_AFTER_SECONDS = "5";

    /** A 503 says when to try again; every error answer of the gateway goes through here. */
    public static void retryHint(RoutingContext ctx, int status) {
        if (status == 503) {
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
    }

    public static void send(RoutingContext ctx, int status, String error, String message) {
        retryHint(ctx, status);
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).put("message", message).encode());
    }
}
