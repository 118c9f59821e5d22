package dk.telemed.gateway.mqtt;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends MQTT acknowledgements in the order the messages arrived, as MQTT requires, however
 * the messages' processing finishes. A message is acknowledged once it and every message
 * before it on the same connection are done; after a reconnect the old connection's
 * messages are never acknowledged, because the broker redelivers them.
 *
 * <p>Used from one event-loop context only.
 */
public final class AckSequencer {
    private final ArrayDeque<Ticket> pending = new ArrayDeque<>();
    private final Consumer<InboundMessage> acknowledge;
    private long connection = -1;
    // Read by the liveness check and the metrics from other threads.
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile long oldestReceivedNanos;
    /** The size of {@link #pending}, for the MQTT client's thread (see IntakeGate). */
    private final AtomicInteger unacknowledged = new AtomicInteger();

    public AckSequencer(Consumer<InboundMessage> acknowledge) {
        this.acknowledge = acknowledge;
    }

    /** Called before the first message of a new connection; forgets the old connection's pending acks. */
    public void newConnection(long connection) {
        this.connection = connection;
        pending.clear();
        unacknowledged.set(0);
        oldestReceivedNanos = 0;
    }

    public Ticket register(InboundMessage message) {
        Ticket ticket = new Ticket(message);
        if (message.connection() == connection) {
            if (pending.isEmpty()) {
                oldestReceivedNanos = message.receivedAtNanos();
            }
            pending.add(ticket);
            unacknowledged.incrementAndGet();
        }
        return ticket;
    }

    public void done(Ticket ticket) {
        ticket.done = true;
        while (!pending.isEmpty() && pending.peek().done) {
            Ticket head = pending.poll();
            unacknowledged.decrementAndGet();
            if (head.message.qos() > 0) {
                acknowledge.accept(head.message);
            }
            acknowledged.incrementAndGet();
        }
        Ticket oldest = pending.peek();
        oldestReceivedNanos = oldest == null ? 0 : oldest.message.receivedAtNanos();
    }

    /** Messages acknowledged (or done, at QoS 0) so far; safe from any thread. */
    public long acknowledgedTotal() {
        return acknowledged.get();
    }

    /** System.nanoTime() at which the oldest unacknowledged message arrived, 0 when none waits; safe from any thread. */
    public long oldestReceivedNanos() {
        return oldestReceivedNanos;
    }

    /**
     * Messages of the current connection received and not yet acknowledged, whatever they wait
     * for (the store, the rules, a publish, an earlier message); safe from any thread.
     */
    public int unacknowledged() {
        return unacknowledged.get();
    }

    public static final class Ticket {
        private final InboundMessage message;
        private boolean done;

        private Ticket(InboundMessage message) {
            this.message = message;
        }
    }
}
