package dk.telemed.gateway.api;

import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A value loaded at most once per time-to-live; callers that ask while a load runs share it.
 * Used from one event-loop context only.
 */
final class Cached<T> {
    private final Clock clock;
    private final Duration ttl;
    private final Supplier<Future<T>> loader;
    private Future<T> current;
    private Instant loadedAt = Instant.MIN;

    Cached(Clock clock, Duration ttl, Supplier<Future<T>> loader) {
        this.clock = clock;
        this.ttl = ttl;
        this.loader = loader;
    }

    Future<T> get() {
        Instant now = clock.instant();
        boolean stale = current == null || (current.isComplete() && (current.failed() || !now.isBefore(loadedAt.plus(ttl))));
        if (stale) {
            loadedAt = now;
            current = loader.get();
        }
        return current;
    }
}
