package dk.telemed.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Binds the API's handlers so that a refusal ({@link ApiError}) or a store failure always ends in a clear answer. */
final class Routes {
    private Routes() {
    }

    /** A handler that answers with the JSON its future completes with. */
    static void json(Route route, Function<RoutingContext, Future<?>> handler) {
        route.handler(ctx -> {
            Future<?> result;
            try {
                result = handler.apply(ctx);
            } catch (ApiError | BadRequest e) {
                fail(ctx, e);
                return;
            }
            result.onSuccess(body -> {
                if (!ctx.response().ended()) {
                    Replies.ok(ctx, body);
                }
            }).onFailure(e -> fail(ctx, e));
        }).failureHandler(ctx -> fail(ctx, ctx.failure()));
    }

    /** A handler that writes its own answer. */
    static void plain(Route route, Handler<RoutingContext> handler) {
        route.handler(ctx -> {
            try {
                handler.handle(ctx);
            } catch (ApiError | BadRequest e) {
                fail(ctx, e);
            }
        }).failureHandler(ctx -> fail(ctx, ctx.failure()));
    }

    static void fail(RoutingContext ctx, Throwable e) {
        if (ctx.response().ended()) {
            return;
        }
        if (e instanceof ApiError a) {
            Replies.error(ctx, a.status(), a.getMessage());
        } else if (e instanceof BadRequest b) {
            Replies.problems(ctx, b.getMessage(), b.problems());
        } else if (e instanceof TimeoutException) {
            Replies.error(ctx, 504, e.getMessage());
        } else if (e == null) {
            Replies.error(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500, "request failed");
        } else {
            Replies.failed(ctx, e);
        }
    }
}
