package dk.telemed.gateway.api;

import dk.telemed.gateway.audit.AuditEntryJson;
import dk.telemed.gateway.audit.AuditReader;

import dk.telemed.gateway.auth.Role;
import dk.telemed.gateway.auth.SessionAuth;
import dk.telemed.gateway.http.ErrorReply;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code GET /api/audit?limit=&before=}: the newest entries first, for admins only. The log
 * cannot be changed through the API: any other method is answered 405.
 */
public final class AuditApi {
    public static final String PATH = "/api/audit";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(AuditApi.class);

    private final AuditReader log;
    private final SessionAuth auth;

    public AuditApi(AuditReader log, SessionAuth auth) {
        this.log = log;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(PATH).handler(auth.requireRole(Role.ADMIN)).handler(this::list);
        router.route(PATH).handler(ctx -> {
            ctx.response().putHeader("Allow", "GET");
            ErrorReply.send(ctx, 405, "method_not_allowed", "the audit log is read-only: GET only");
        });
    }

    private void list(RoutingContext ctx) {
        int limit;
        Optional<Instant> before;
        try {
            String limitText = ctx.request().getParam("limit");
            limit = limitText == null ? DEFAULT_LIMIT : Integer.parseInt(limitText);
            String beforeText = ctx.request().getParam("before");
            before = beforeText == null ? Optional.empty() : Optional.of(OffsetDateTime.parse(beforeText).toInstant());
        } catch (NumberFormatException | DateTimeParseException e) {
            ErrorReply.send(ctx, 400, "bad_request", "limit must be a whole number and before an RFC 3339 time"
                    + " (e.g. 2026-01-31T12:00:00Z)");
            return;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            ErrorReply.send(ctx, 400, "bad_request", "limit must be between 1 and " + MAX_LIMIT);
            return;
        }
        log.recent(limit, before).onComplete(r -> {
            if (r.failed()) {
                LOG.error("GET {}: {}", PATH, r.cause().toString());
                ErrorReply.send(ctx, 500, "audit_unreadable", "the audit log cannot be read; the gateway log says why");
                return;
            }
            JsonArray entries = new JsonArray();
            r.result().forEach(e -> entries.add(AuditEntryJson.toJson(e)));
            ctx.response().putHeader("content-type", "application/json").end(entries.encode());
        });
    }
}
