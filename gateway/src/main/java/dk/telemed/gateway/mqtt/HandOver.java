package dk.telemed.gateway.mqtt;

import dk.telemed.gateway.model.LogText;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Hands received messages from the MQTT client's thread to the event loop in arrival order,
 * several per event-loop task. One task per message cost a task object, a queue hand-off and,
 * whenever the event loop had gone idle, a wake-up system call on both threads for every message;
 * now one task takes all that arrived while it waited, up to {@link #MAX_PER_TASK} so that
 * timers and other work on the event loop still get their turn.
 *
 * <p>{@link #offer} may be called from any one thread at a time (Paho's callback thread); the
 * messages are delivered on {@code context}, one after the other, in the order offered.
 */
final class HandOver {
    private static final Logger LOG = LoggerFactory.getLogger(HandOver.class);
    static final int MAX_PER_TASK = 128;

    private final Context context;
    private final BiConsumer<Runnable, InboundMessage> deliver;
    private final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
    /** A task to drain the queue is scheduled or running; only then may offers skip scheduling one. */
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** @param deliver called on {@code context} with each message and what its route does with it there (null for a message no route takes) */
    HandOver(Context context, BiConsumer<Runnable, InboundMessage> deliver) {
        this.context = context;
        this.deliver = deliver;
    }

    void offer(Runnable work, InboundMessage message) {
        queue.add(new Item(work, message));
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < MAX_PER_TASK; i++) {
                Item item = queue.poll();
                if (item == null) {
                    break;
                }
                try {
                    deliver.accept(item.work, item.message);
                } catch (RuntimeException e) {
                    // One message's defect must not stop the messages behind it; it stays unacknowledged.
                    LOG.error("message on {} could not be handled", LogText.escape(item.message.topic()), e);
                }
            }
        } finally {
            scheduled.set(false);
            // An offer that came after the last poll saw the flag still set and scheduled nothing.
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                context.runOnContext(v -> drain());
            }
        }
    }

    private record Item(Runnable work, InboundMessage message) {
    }
}
