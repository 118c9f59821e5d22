package dk.telemed.gateway.auth;

import dk.telemed.gateway.store.SessionLedger;
import dk.telemed.gateway.store.SessionLedger.Event;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sessions that every gateway knows: created, used and ended on any of them, so a nurse stays
 * signed in when another gateway takes over, and signing out on one signs out on all. The
 * sessions this gateway has seen are kept in memory ({@link Sessions}); every sign-in and
 * sign-out, and at most once per {@code touchEvery} a session's use, goes to the
 * {@link SessionLedger}. A cookie this gateway does not know, or knows as expired, is looked up
 * in the ledger before it is refused: another gateway may have created it or kept it in use.
 * Sign-outs elsewhere are polled for every {@link #POLL}.
 *
 * <p>Precision: the ledger learns of a session's use at most {@code touchEvery} late, so a
 * gateway that takes a session over may count it idle up to {@code touchEvery} early; on the
 * gateway that serves it the idle timeout is exact. The lifetime is exact everywhere.
 */
public final class SharedSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SharedSessions.class);
    /** How often sign-outs on other gateways are looked for. */
    static final Duration POLL = Duration.ofSeconds(5);
    /** How far back each poll looks beyond the previous one: the gateways' clocks and a write held back by a retry. */
    static final Duration POLL_OVERLAP = Duration.ofMinutes(2);

    private final Sessions local;
    private final SessionLedger ledger;
    private final Function<String, Optional<User>> users;
    private final Clock clock;
    private final Duration lifetime;
    private final Duration touchEvery;
    /** When the ledger was last told of each local session's use. */
    private final Map<String, Instant> told = new ConcurrentHashMap<>();
    /** Look-ups under way, so the burst of requests a dashboard sends after a takeover asks the ledger once. */
    private final Map<String, Future<Optional<Sessions.Session>>> lookups = new HashMap<>();
    private Instant polledUpTo;

    /** @param users the account of a username now (a user removed from the users file is signed out everywhere) */
    public SharedSessions(Sessions local, SessionLedger ledger, Function<String, Optional<User>> users, Clock clock,
                          Duration lifetime, Duration touchEvery) {
        this.local = local;
        this.ledger = ledger;
        this.users = users;
        this.clock = clock;
        this.lifetime = lifetime;
        this.touchEvery = touchEvery;
        this.polledUpTo = clock.instant();
    }

    /**
     * A new session, known to this gateway at once; the future completes once the ledger has it
     * too, or after a first failed attempt to store it (the sign-in still stands here, and the
     * ledger gets it when it can).
     */
    public Future<Sessions.Session> create(User user) {
        Sessions.Session s = local.create(user);
        told.put(s.id(), s.created());
        return tell(s, Event.SIGNED_IN, s.created()).transform(r -> Future.succeededFuture(s));
    }

    /**
     * The live session of this id, its use counted: from memory, or else from the ledger. Fails
     * only when the ledger cannot be asked (then the caller cannot tell, and must not say 401).
     */
    public Future<Optional<Sessions.Session>> use(String id) {
        Optional<Sessions.Session> known = local.use(id);
        if (known.isPresent()) {
            touch(known.get());
            return Future.succeededFuture(known);
        }
        told.remove(id);
        Future<Optional<Sessions.Session>> underWay;
        synchronized (lookups) {
            underWay = lookups.get(id);
            if (underWay == null) {
                underWay = lookUp(id);
                lookups.put(id, underWay);
                underWay.onComplete(r -> {
                    synchronized (lookups) {
                        lookups.remove(id);
                    }
                });
            }
        }
        return underWay;
    }

    private Future<Optional<Sessions.Session>> lookUp(String id) {
        return ledger.find(Sessions.hashOf(id), clock.instant().minus(lifetime)).map(found -> {
            if (found.isEmpty() || found.get().ended()) {
                return Optional.<Sessions.Session>empty();
            }
            SessionLedger.Stored s = found.get();
            Optional<Sessions.Session> adopted = users.apply(s.username())
                    .flatMap(user -> local.adopt(id, user, s.created(), s.lastSeen()));
            adopted.ifPresent(this::touch);
            return adopted;
        });
    }

    /** Whether the session is live here, without counting this as activity (a long-lived stream asks). */
    public boolean isLive(String id) {
        return local.isLive(id);
    }

    /** Ends the session here and, once the ledger has it, on every gateway. */
    public Future<Void> remove(Sessions.Session session) {
        local.remove(session.id());
        told.remove(session.id());
        return tell(session, Event.SIGNED_OUT, clock.instant());
    }

    /** Ends the session of a cookie sent with a new sign-in, wherever it lives (the cookie may name no session at all). */
    public void remove(String id) {
        local.remove(id);
        told.remove(id);
        Instant now = clock.instant();
        // Who it was does not matter once it is ended: any gateway that reads this refuses the session.
        if (ledger.record(Sessions.hashOf(id), "-", now, Event.SIGNED_OUT, now).isEmpty()) {
            LOG.error("sessions: the store's queue is full; a replaced session is ended on this gateway only");
        }
    }

    /** Forgets expired sessions and ends here those signed out on another gateway; call every {@link #POLL}. */
    public Future<Void> sweep() {
        local.sweep();
        told.keySet().removeIf(id -> !local.isLive(id));
        Instant now = clock.instant();
        Instant from = polledUpTo.minus(POLL_OVERLAP);
        return ledger.endedSince(from).map(hashes -> {
            if (!hashes.isEmpty()) {
                java.util.Set<String> ended = new java.util.HashSet<>(hashes);
                for (String id : local.ids()) {
                    if (ended.contains(Sessions.hashOf(id))) {
                        local.remove(id);
                        told.remove(id);
                    }
                }
            }
            polledUpTo = now;
            return null;
        });
    }

    public int size() {
        return local.size();
    }

    private void touch(Sessions.Session s) {
        Instant now = s.lastSeen();
        Instant last = told.get(s.id());
        if (last == null || !now.isBefore(last.plus(touchEvery))) {
            told.put(s.id(), now);
            tell(s, Event.SEEN, now);
        }
    }

    private Future<Void> tell(Sessions.Session s, Event event, Instant at) {
        Optional<Future<Void>> stored = ledger.record(Sessions.hashOf(s.id()), s.user().username(), s.created(), event, at);
        if (stored.isEmpty()) {
            LOG.error("sessions: the store's queue is full; {} of {} is known to this gateway only", event.wireName(), s);
            return Future.failedFuture("the sessions' queue is full");
        }
        // A failed attempt is logged once by the store's queue, which keeps trying.
        return stored.get();
    }

    /** Starts the periodic sweep and poll. */
    public long start(Vertx vertx) {
        return vertx.setPeriodic(POLL.toMillis(), t -> sweep().onFailure(e ->
                LOG.warn("sessions: sign-outs on other gateways not read this time ({})", e.toString())));
    }
}
