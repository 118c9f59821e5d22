package dk.telemed.gateway.auth;

import dk.telemed.gateway.http.ErrorReply;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent a request, from the session cookie; and the handlers that refuse a request without
 * a session (401), without the right role (403) or, for a state-changing method, without the
 * session's CSRF token in {@code X-CSRF-Token} (403). Each handler that lets a request through
 * leaves its {@link User} in the context ({@link User#of}).
 *
 * <p>{@code /api/*} gets {@link #requireUser()} and {@link #requireCsrf()}; {@code /fhir/*}
 * can use {@link #userOf} alone (read-only, so no CSRF) and fall back to its bearer tokens.
 */
public final class SessionAuth {
    public static final String COOKIE = "telemed_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_KEY = "telemed.session";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final SharedSessions sessions;
    private final boolean secureCookie;

    /** @param secureCookie whether the server speaks TLS, so the cookie may be marked Secure */
    public SessionAuth(SharedSessions sessions, boolean secureCookie) {
        this.sessions = sessions;
        this.secureCookie = secureCookie;
    }

    /**
     * Finds the session of the request's cookie (in memory, or else in the store, without
     * blocking) and leaves it in the context for {@link #userOf} and the handlers below; using
     * it counts as activity. Mount it before any handler that asks who sent a request. When
     * the store cannot be asked about a cookie this gateway does not know, the request is
     * answered 503 with Retry-After: it is not known to be unauthorized.
     */
    public Handler<RoutingContext> resolve() {
        return ctx -> {
            Cookie cookie = ctx.request().getCookie(COOKIE);
            if (cookie == null || cookie.getValue().isEmpty() || ctx.get(SESSION_KEY) != null) {
                ctx.next();
                return;
            }
            Future<Optional<Sessions.Session>> lookUp = sessions.use(cookie.getValue());
            // A body that arrives while the store is asked waits for the body handler further on.
            boolean paused = !lookUp.isComplete() && !ctx.request().isEnded();
            if (paused) {
                ctx.request().pause();
            }
            lookUp.onComplete(r -> {
                if (paused && !ctx.request().isEnded()) {
                    ctx.request().resume();
                }
                if (r.failed()) {
                    ctx.response().putHeader("Retry-After", "2");
                    ErrorReply.send(ctx, 503, "sessions_unavailable",
                            "the sign-in cannot be checked right now; try again in a few seconds");
                    return;
                }
                r.result().ifPresent(s -> {
                    ctx.put(SESSION_KEY, s);
                    ctx.put(User.CONTEXT_KEY, s.user());
                });
                ctx.next();
            });
        };
    }

    /**
     * The signed-in user of this request's session cookie, if the session is live, as
     * {@link #resolve} found it; also in the context under {@link User#CONTEXT_KEY}. Never
     * answers the request.
     */
    public Optional<User> userOf(RoutingContext ctx) {
        return sessionOf(ctx).map(Sessions.Session::user);
    }

    Optional<Sessions.Session> sessionOf(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(SESSION_KEY));
    }

    /** 401 without a live session; otherwise the user is in the context and the request goes on. */
    public Handler<RoutingContext> requireUser() {
        return ctx -> {
            if (userOf(ctx).isPresent()) {
                ctx.next();
            } else {
                unauthorized(ctx);
            }
        };
    }

    /** 401 without a session, 403 for a user of another role. */
    public Handler<RoutingContext> requireRole(Role... roles) {
        Set<Role> allowed = EnumSet.copyOf(Arrays.asList(roles));
        return ctx -> {
            Optional<User> user = userOf(ctx);
            if (user.isEmpty()) {
                unauthorized(ctx);
            } else if (!allowed.contains(user.get().role())) {
                ErrorReply.send(ctx, 403, "forbidden", "a " + user.get().role().wireName() + " may not do this");
            } else {
                ctx.next();
            }
        };
    }

    /** For POST, PUT, PATCH and DELETE: 403 unless {@code X-CSRF-Token} equals the session's token. Put after {@link #requireUser()}. */
    public Handler<RoutingContext> requireCsrf() {
        return ctx -> {
            Optional<Sessions.Session> session = sessionOf(ctx);
            String token = session.map(Sessions.Session::csrfToken).orElse(null);
            if (csrfAllows(ctx.request().method(), ctx.request().getHeader(CSRF_HEADER), token)) {
                ctx.next();
            } else {
                ErrorReply.send(ctx, 403, "csrf", "send the csrfToken of GET /api/session in the " + CSRF_HEADER + " header");
            }
        };
    }

    static boolean csrfAllows(HttpMethod method, String header, String sessionToken) {
        if (SAFE.contains(method)) {
            return true;
        }
        return header != null && sessionToken != null && MessageDigest.isEqual(
                header.getBytes(StandardCharsets.UTF_8), sessionToken.getBytes(StandardCharsets.UTF_8));
    }

    static void unauthorized(RoutingContext ctx) {
        ErrorReply.send(ctx, 401, "unauthorized", "sign in first: POST /api/login");
    }

    SharedSessions sessions() {
        return sessions;
    }

    /** The cookie that carries a new session: only this server, only same-site requests, never to scripts. */
    Cookie sessionCookie(String id) {
        return Cookie.cookie(COOKIE, id).setPath("/").setHttpOnly(true).setSecure(secureCookie)
                .setSameSite(CookieSameSite.STRICT);
    }

    /** Tells the browser to drop the session cookie. */
    Cookie expiredCookie() {
        return sessionCookie("").setMaxAge(0);
    }
}
