package dk.telemed.gateway.api;

import dk.telemed.gateway.http.ErrorReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.influxdb.InfluxDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * How the API answers: JSON bodies, and errors as {@code {"error": "<code>", "message": "<what
 * to do>"}} (the sign-in API's form), with {@code "problems": [...]} listing each problem of a
 * bad request.
 */
final class Replies {
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        String text = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode() : String.valueOf(body);
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store").end(text);
    }

    static void ok(RoutingContext ctx, Object body) {
        json(ctx, 200, body);
    }

    static void error(RoutingContext ctx, int status, String message) {
        ErrorReply.retryHint(ctx, status);
        json(ctx, status, body(status, message));
    }

    static JsonObject body(int status, String message) {
        return new JsonObject().put("error", code(status)).put("message", message);
    }

    static void problems(RoutingContext ctx, String message, List<String> problems) {
        json(ctx, 400, body(400, message).put("problems", new JsonArray(List.copyOf(problems))));
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 500 -> "internal";
            case 503 -> "unavailable";
            default -> "error";
        };
    }

    /**
     * A store that does not answer is 503, said so without its internals; anything else is a
     * defect, logged in full and answered 500.
     */
    static void failed(RoutingContext ctx, Throwable cause) {
        if (ctx.response().ended()) {
            return;
        }
        if (cause instanceof InfluxDBException) {
            LOG.warn("{} {}: InfluxDB did not answer: {}", ctx.request().method(), ctx.normalizedPath(), cause.toString());
            error(ctx, 503, "the patient data store did not answer; try again in a moment");
        } else {
            LOG.error("{} {} failed", ctx.request().method(), ctx.normalizedPath(), cause);
            error(ctx, 500, "the request failed on the server; it is logged, and trying again will not help");
        }
    }
}
