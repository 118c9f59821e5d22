package dk.telemed.gateway;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The parts of a built gateway that act on the world (timers, broker sessions, listeners),
 * started in the order they were added and stopped in the reverse order. Only parts that
 * started are stopped, and one part's failure to stop does not keep the others running.
 */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    /** Starting a part; a synchronous start returns {@code Future.succeededFuture()}. */
    @FunctionalInterface
    interface Start {
        Future<Void> run() throws Exception;
    }

    /** Stopping a part; it may take its time (leaving a broker session). */
    @FunctionalInterface
    interface Stop {
        Future<Void> run();
    }

    private record Part(String name, Start start, Stop stop) {
    }

    private final List<Part> parts = new ArrayList<>();
    private final Deque<Part> started = new ArrayDeque<>();

    Lifecycle add(String name, Start start, Stop stop) {
        parts.add(new Part(name, start, stop));
        return this;
    }

    /** A part whose start and stop are immediate. */
    Lifecycle add(String name, Runnable start, Runnable stop) {
        return add(name, () -> {
            start.run();
            return Future.succeededFuture();
        }, () -> {
            stop.run();
            return Future.succeededFuture();
        });
    }

    /** Starts each part after the one before it has started; fails with the first part that cannot start. */
    Future<Void> start() {
        Future<Void> chain = Future.succeededFuture();
        for (Part part : parts) {
            chain = chain.compose(v -> {
                try {
                    return part.start().run().onSuccess(x -> started.push(part))
                            .recover(e -> Future.failedFuture(new IllegalStateException(part.name() + ": " + e.getMessage(), e)));
                } catch (Exception e) {
                    return Future.failedFuture(new IllegalStateException(part.name() + ": " + e.getMessage(), e));
                }
            });
        }
        return chain;
    }

    /** Stops the started parts, the last started first; completes once all have stopped or failed to. */
    Future<Void> stop() {
        Future<Void> chain = Future.succeededFuture();
        while (!started.isEmpty()) {
            Part part = started.pop();
            chain = chain.transform(x -> {
                try {
                    return part.stop().run().recover(e -> {
                        LOG.warn("stopping {}: {}", part.name(), e.toString());
                        return Future.succeededFuture();
                    });
                } catch (RuntimeException e) {
                    LOG.warn("stopping {}: {}", part.name(), e.toString());
                    return Future.succeededFuture();
                }
            });
        }
        return chain;
    }
}
