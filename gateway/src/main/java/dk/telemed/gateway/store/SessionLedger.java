package dk.telemed.gateway.store;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where signed-in sessions are kept so that every gateway knows them: a session is told by
 * the hash of its id only ({@code idHash}), never by the id a browser holds.
 */
public interface SessionLedger {
    /** What one session's events say: who, since when, last use known to the ledger, and whether it was ended. */
    record Stored(String username, Instant created, Instant lastSeen, boolean ended) {
    }

    /** One event of a session. */
    enum Event {
        SIGNED_IN("signed-in"), SEEN("seen"), SIGNED_OUT("signed-out");

        private final String wireName;

        Event(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<Event> of(String wireName) {
            for (Event e : values()) {
                if (e.wireName.equals(wireName)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Records an event; the future completes once it is stored, or fails at the first failed
     * attempt while the event stays queued and is tried again. Empty when the queue is full.
     */
    Optional<Future<Void>> record(String idHash, String username, Instant created, Event event, Instant at);

    /** The session of this hash, from its events since {@code notBefore}; empty when it has none. */
    Future<Optional<Stored>> find(String idHash, Instant notBefore);

    /** The hashes of sessions ended since {@code since}, on any gateway. */
    Future<List<String>> endedSince(Instant since);
}
