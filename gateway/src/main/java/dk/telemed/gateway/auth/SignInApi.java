package dk.telemed.gateway.auth;

import dk.telemed.gateway.http.ErrorReply;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /api/login}, {@code GET /api/session}, {@code POST /api/logout}, and the guard
 * in front of everything else under {@code /api/}: a session (401) and, for state-changing
 * methods, its CSRF token (403). Mount it before any other {@code /api/} route.
 */
public final class SignInApi {
    /** Bodies of the API are small JSON documents. */
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_PASSWORD_CHARS = 1024;
    private static final String PATIENTS_PREFIX = "/api/patients/";

    private final Users users;
    private final PasswordHasher hasher;
    private final String unknownUserHash;
    private final LoginThrottle throttle;
    private final SessionAuth auth;
    private final Access access;
    private final WorkerExecutor verifiers;
    private final int maxWaitingChecks;
    private final AtomicInteger waitingChecks = new AtomicInteger();

    /**
     * @param verifiers        the worker threads that check passwords (never the event loop)
     * @param maxWaitingChecks sign-ins checked or queued at once; more are answered 503, so a
     *                         flood cannot queue without bound
     */
    public SignInApi(Users users, PasswordHasher hasher, LoginThrottle throttle, SessionAuth auth, Access access,
                     WorkerExecutor verifiers, int maxWaitingChecks) {
        this.users = users;
        this.hasher = hasher;
        this.unknownUserHash = hasher.unguessableHash();
        this.throttle = throttle;
        this.auth = auth;
        this.access = access;
        this.verifiers = verifiers;
        this.maxWaitingChecks = maxWaitingChecks;
    }

    public void mount(Router router) {
        // create(false): no file uploads anywhere, so a multipart body never leaves a file on disk.
        router.post("/api/login").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::login);
        // After the sign-in: signing in never waits for the store to recognise an old cookie.
        router.route("/api/*").handler(auth.resolve());
        router.route("/api/*").handler(this::guard).handler(auth.requireCsrf());
        // Bodies are read only once the sender is known (the later /api routes need not add their own).
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get("/api/session").handler(this::session);
        router.post("/api/logout").handler(this::logout);
    }

    private void guard(RoutingContext ctx) {
        if (auth.userOf(ctx).isPresent()) {
            ctx.next();
            return;
        }
        patientOfPath(ctx.normalizedPath()).ifPresent(patient -> access.unauthenticated(ctx, patient));
        SessionAuth.unauthorized(ctx);
    }

    private void login(RoutingContext ctx) {
        Optional<Credentials> credentials = Credentials.of(ctx);
        if (credentials.isEmpty()) {
            ErrorReply.send(ctx, 400, "bad_request",
                    "send {\"username\": \"…\", \"password\": \"…\"} as application/json");
            return;
        }
        String username = credentials.get().username();
        String address = ctx.request().remoteAddress().hostAddress();
        if (waitingChecks.incrementAndGet() > maxWaitingChecks) {
            waitingChecks.decrementAndGet();
            ctx.response().putHeader("Retry-After", "1");
            ErrorReply.send(ctx, 503, "busy", "too many sign-ins at once; try again in a second");
            return;
        }
        // Counted before the check: parallel guesses cannot all pass before the first failure is counted.
        Optional<Duration> wait = throttle.admit(username, address);
        if (wait.isPresent()) {
            waitingChecks.decrementAndGet();
            refusal(address, username, "refused", "too many failed sign-ins, blocked for " + wait.get().toSeconds() + " s");
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            ErrorReply.send(ctx, 429, "too_many_attempts", "too many failed sign-ins; try again in " + seconds + " s");
            return;
        }
        Optional<Users.Account> account = users.find(username);
        String hash = account.map(Users.Account::passwordHash).orElse(unknownUserHash);
        String password = credentials.get().password();
        verifiers.executeBlocking(() -> hasher.matches(password, hash), false).onComplete(result -> {
            waitingChecks.decrementAndGet();
            if (result.succeeded() && result.result() && account.isPresent()) {
                signedIn(ctx, account.get().user(), address);
            } else {
                failed(ctx, username, address, account.isPresent());
            }
        });
    }

    private void signedIn(RoutingContext ctx, User user, String address) {
        throttle.succeeded(user.username(), address);
        // A cookie sent with the sign-in is never reused: the session always gets a fresh id.
        Cookie old = ctx.request().getCookie(SessionAuth.COOKIE);
        if (old != null) {
            auth.sessions().remove(old.getValue());
        }
        auth.sessions().create(user).onSuccess(session -> {
            access.log().append(access.entry(user, "login", null, Access.ALLOWED, "from " + address));
            ctx.response().addCookie(auth.sessionCookie(session.id())).setStatusCode(204).end();
        });
    }

    private void failed(RoutingContext ctx, String username, String address, boolean known) {
        // Already counted when admitted.
        // An unknown name may be a password typed into the wrong field: it is not written down.
        refusal(address, known ? username : Access.NOBODY, Access.DENIED,
                (known ? "wrong password" : "unknown username") + " from " + address);
        ErrorReply.send(ctx, 401, "unauthorized", "wrong username or password");
    }

    private void session(RoutingContext ctx) {
        Sessions.Session session = auth.sessionOf(ctx).orElseThrow();
        User user = session.user();
        ctx.response().putHeader("content-type", "application/json").end(new JsonObject()
                .put("username", user.username())
                .put("role", user.role().wireName())
                .put("careTeams", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(user.careTeams()))))
                .put("csrfToken", session.csrfToken())
                .encode());
    }

    private void logout(RoutingContext ctx) {
        Sessions.Session session = auth.sessionOf(ctx).orElseThrow();
        access.record(ctx, "logout", null, "");
        // Answered once the store has the sign-out (or a first attempt failed; it is tried again): then it holds everywhere.
        auth.sessions().remove(session).onComplete(r -> ctx.response().addCookie(auth.expiredCookie()).setStatusCode(204).end());
    }

    /** A failed or throttled sign-in: the audit log may fold a flood of them per address and minute. */
    private void refusal(String address, String username, String outcome, String detail) {
        Optional<Users.Account> account = users.find(username);
        access.log().refusal(address, access.entry(account.map(Users.Account::user).orElse(null), "login", null, outcome, detail));
    }

    /** {@code /api/patients/p-0001/readings} → {@code p-0001}. */
    static Optional<String> patientOfPath(String path) {
        if (path == null || !path.startsWith(PATIENTS_PREFIX)) {
            return Optional.empty();
        }
        String rest = path.substring(PATIENTS_PREFIX.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    private record Credentials(String username, String password) {
        static Optional<Credentials> of(RoutingContext ctx) {
            // JSON only: a cross-site HTML form cannot send it, so nobody can be signed in to someone else's account.
            String type = ctx.request().getHeader("content-type");
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                return Optional.empty();
            }
            try {
                JsonObject body = ctx.body().asJsonObject();
                if (body == null || !(body.getValue("username") instanceof String u)
                        || !(body.getValue("password") instanceof String p)
                        || u.isEmpty() || u.length() > 256 || p.isEmpty() || p.length() > MAX_PASSWORD_CHARS) {
                    return Optional.empty();
                }
                return Optional.of(new Credentials(u, p));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return "Credentials[" + username + "]";
        }
    }
}
