package dk.telemed.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, in this gateway's memory: a session exists only after a successful
 * sign-in (no anonymous sessions), so each sign-in gets a new id and no id chosen before it is
 * ever honoured. A session ends after {@code idle} without use or {@code lifetime} after
 * sign-in. {@link SharedSessions} keeps them in the store too, so that they outlive this
 * gateway: these are its copies.
 *
 * <p>The CSRF token is derived from the id ({@link #csrfOf}) and the store knows a session by
 * another one-way hash of it ({@link #hashOf}): so every gateway gives the same session the same
 * token, and whoever reads the store learns neither the id nor the token.
 */
public final class Sessions {
    /** One session; {@code csrfToken} must accompany every state-changing request. */
    public record Session(String id, User user, String csrfToken, Instant created, Instant lastSeen) {
        @Override
        public String toString() {
            return "Session[" + user.username() + ", since " + created + "]";
        }
    }

    private static final int ID_BYTES = 32;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idle;
    private final Duration lifetime;

    public Sessions(Clock clock, Duration idle, Duration lifetime) {
        this.clock = clock;
        this.idle = idle;
        this.lifetime = lifetime;
    }

    public Session create(User user) {
        Instant now = clock.instant();
        String id = token();
        Session session = new Session(id, user, csrfOf(id), now, now);
        byId.put(session.id(), session);
        return session;
    }

    /**
     * Takes in a session another gateway created (read from the store), used now; empty, and
     * not kept, when it has expired by this gateway's idle timeout and lifetime.
     */
    public Optional<Session> adopt(String id, User user, Instant created, Instant lastSeen) {
        Instant now = clock.instant();
        if (expired(new Session(id, user, "", created, lastSeen), now)) {
            return Optional.empty();
        }
        Session session = new Session(id, user, csrfOf(id), created, now);
        byId.put(id, session);
        return Optional.of(session);
    }

    /** The live session of this id, marked as used now; empty (and forgotten) when it has expired. */
    public Optional<Session> use(String id) {
        Instant now = clock.instant();
        return Optional.ofNullable(byId.computeIfPresent(id, (k, s) -> expired(s, now) ? null
                : new Session(s.id(), s.user(), s.csrfToken(), s.created(), now)));
    }

    /** Whether the session of this id is live, without counting this as activity (a long-lived stream asks). */
    public boolean isLive(String id) {
        Session s = byId.get(id);
        return s != null && !expired(s, clock.instant());
    }

    public void remove(String id) {
        byId.remove(id);
    }

    /** Forgets expired sessions; returns how many. */
    public int sweep() {
        Instant now = clock.instant();
        int before = byId.size();
        byId.values().removeIf(s -> expired(s, now));
        return before - byId.size();
    }

    /** The ids of the sessions held now. */
    java.util.Set<String> ids() {
        return java.util.Set.copyOf(byId.keySet());
    }

    public int size() {
        return byId.size();
    }

    /** The name the store knows a session by: SHA-256 of its id, so the store never holds an id a browser could send. */
    public static String hashOf(String id) {
        return digest("telemed session\0", id);
    }

    /** The session's CSRF token: another one-way function of its id, so every gateway derives the same. */
    static String csrfOf(String id) {
        return digest("telemed csrf\0", id);
    }

    private static String digest(String purpose, String id) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(purpose.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastSeen().plus(idle)) || !now.isBefore(s.created().plus(lifetime));
    }

    private String token() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
