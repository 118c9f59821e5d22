package dk.telemed.gateway.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, in memory: a session exists only after a successful sign-in (no
 * anonymous sessions), so each sign-in gets a new id and no id chosen before it is ever
 * honoured. A session ends after {@code idle} without use or {@code lifetime} after sign-in.
 * A restart of the gateway signs everybody out.
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
        Session session = new Session(token(), user, token(), now, now);
        byId.put(session.id(), session);
        return session;
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

    public int size() {
        return byId.size();
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
