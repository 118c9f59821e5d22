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
 * <p>A done message that waits for an earlier one keeps only what its acknowledgement needs,
 * not its payload: one slow message (a series' history loading, an alert being published) can
 * hold many done ones behind it, and they should cost little (see {@link IntakeGate}).
 *
 * <p>Used from one event-loop context only; the counts are safe from any thread.
 */
public final class AckSequencer implements Held {
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final ArrayDeque<Ticket> pending = new ArrayDeque<>();
    private final Consumer<InboundMessage> acknowledge;
    private long connection = -1;
    // Read by the liveness check, the metrics and the intake gate from other threads.
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicInteger inProgress = new AtomicInteger();
    private volatile long oldestReceivedNanos;

    public AckSequencer(Consumer<InboundMessage> acknowledge) {
        this.acknowledge = acknowledge;
    }

    /** Called before the first message of a new connection; forgets the old connection's pending acks. */
    public void newConnection(long connection) {
        this.connection = connection;
        pending.clear();
        unacknowledged.set(0);
        inProgress.set(0);
        oldestReceivedNanos = 0;
    }

    public Ticket register(InboundMessage message) {
        InboundMessage slim = new InboundMessage(message.topic(), NO_PAYLOAD, message.packetId(), message.qos(),
                message.connection(), message.receivedAtNanos());
        Ticket ticket = new Ticket(slim);
        if (message.connection() == connection) {
            if (pending.isEmpty()) {
                oldestReceivedNanos = message.receivedAtNanos();
            }
            pending.add(ticket);
            unacknowledged.incrementAndGet();
            inProgress.incrementAndGet();
        }
        return ticket;
    }

    public void done(Ticket ticket) {
        if (ticket.done) {
            return;
        }
        ticket.done = true;
        if (ticket.message.connection() != connection) {
            // An old connection's: it was never counted against this one.
            return;
        }
        inProgress.decrementAndGet();
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
    @Override
    public int unacknowledged() {
        return unacknowledged.get();
    }

    /** Messages of the current connection received and not yet done; safe from any thread. */
    @Override
    public int inProgress() {
        return inProgress.get();
    }

    public static final class Ticket {
        private final InboundMessage message;
        private boolean done;

        private Ticket(InboundMessage message) {
            this.message = message;
        }
    }
}
