package dk.telemed.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON error body of the API: {@code {"error": "<code>", "message": "<what a person should do>"}}. */
public final class ErrorReply {
    private ErrorReply() {
    }

    public static void send(RoutingContext ctx, int status, String error, String message) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).put("message", message).encode());
    }
}
