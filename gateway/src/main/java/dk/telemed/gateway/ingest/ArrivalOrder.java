package dk.telemed.gateway.ingest;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * Hands stored messages on to the rules in the order they arrived, whatever order their
 * writes finish in. Two batch writes are under way at once, and a retried one finishes after
 * the next: without this, the rules met a patient's older readings after newer ones, and each
 * such reading cost them a read of its history from InfluxDB (after a restart, 4,000 waiting
 * messages took over ten seconds). Drained in a loop, never through a chain of futures, so a
 * long queue released at once cannot overflow the stack. Used from one event-loop context only.
 */
final class ArrivalOrder {
    private final ArrayDeque<Slot<?>> slots = new ArrayDeque<>();
    private boolean draining;

    /** Runs {@code next} with the store's outcome once this and every earlier message are stored (or failed). */
    <T> Future<T> afterStored(Future<StoreOutcome> stored, Function<StoreOutcome, Future<T>> next) {
        Slot<T> slot = new Slot<>(next);
        slots.add(slot);
        stored.onComplete(result -> {
            slot.stored = result;
            drain();
        });
        return slot.promise.future();
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!slots.isEmpty() && slots.peek().stored != null) {
                slots.poll().run();
            }
        } finally {
            draining = false;
        }
    }

    private static final class Slot<T> {
        final Function<StoreOutcome, Future<T>> next;
        final Promise<T> promise = Promise.promise();
        AsyncResult<StoreOutcome> stored;

        Slot(Function<StoreOutcome, Future<T>> next) {
            this.next = next;
        }

        void run() {
            if (stored.failed()) {
                promise.fail(stored.cause());
                return;
            }
            Future<T> after;
            try {
                after = next.apply(stored.result());
            } catch (RuntimeException e) {
                promise.fail(e);
                return;
            }
            after.onComplete(promise);
        }
    }
}
