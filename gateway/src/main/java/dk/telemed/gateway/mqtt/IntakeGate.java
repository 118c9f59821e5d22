package dk.telemed.gateway.mqtt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Holds back the broker when the gateway already holds as many messages as it asked for.
 *
 * <p>MQTT 5's Receive Maximum should do that by itself: the broker may not send more
 * unacknowledged QoS 1 messages than the client allows. Mosquitto 2.0.11 does not keep to it
 * while it has a queue for the client: each acknowledgement of the oldest message in flight
 * lets up to Receive Maximum queued messages go out, and the gateway acknowledges in order
 * (upstream issue eclipse-mosquitto/mosquitto#2301 points at db__message_delete_outgoing).
 * Measured: 18,900 of a 20,000-message backlog in flight against a Receive Maximum of 1,000.
 * A gateway that fell behind took the whole backlog into its heap and died of it.
 *
 * <p>So the gateway counts what it holds itself, in two parts. Messages in progress (handed to
 * the event loop, or taken up there and not yet done: waiting for the store, a series' history,
 * an alert or rejection being published) hold their payload and readings, and are kept below
 * the limit. Done messages that wait only for an earlier one's acknowledgement (MQTT
 * acknowledges in order) hold a few bytes each, and are kept below {@link #WAITING_FACTOR}
 * times the limit. Counting too little once let a gateway under overload hold about 21,000
 * messages against a limit of 1,000 and run out of heap: those whose alerts were being
 * published were not counted. Counting the waiting ones against the limit itself stalled
 * intake whenever one message was slow, since everything behind it waits. At either bound the
 * MQTT client's callback thread waits here; Paho then stops reading the socket and the rest
 * stays in the broker, where it belongs. Nothing a message waits for waits for this thread:
 * the gateway publishes through a session of its own, whose PUBACKs another client reads.
 *
 * <p>While it waits Paho reads nothing: its one receiving thread hands each message to this
 * callback thread through a queue of ten and blocks when that is full, and the same socket
 * carries PINGRESP and SUBACK. Paho has no way to
 * stop taking messages while still reading the rest. So a wait is short: it ends after
 * {@code maxWait} (a quarter of the keep-alive), whatever the store does. A message that found
 * no room by then is not taken: the connection sets aside it and everything after it, and is
 * renewed once the gateway holds nothing, so the broker sends them again in order (see
 * MqttConnection). Paho's reading never stops for longer than that one wait.
 */
final class IntakeGate {
    private static final long PARK_NANOS = 1_000_000L;
    /** Done messages waiting for an earlier one's acknowledgement may be this many times the limit. */
    static final int WAITING_FACTOR = 50;

    private final int limit;
    private final Supplier<Held> downstream;
    private final AtomicInteger queued = new AtomicInteger();

    /**
     * @param limit      how many messages may be in progress at most (Receive Maximum)
     * @param downstream what the stages after the event loop hold (given by the connection's receiver once it is known)
     */
    IntakeGate(int limit, Supplier<Held> downstream) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.downstream = downstream;
    }

    /** What came of waiting for room. */
    enum Room {
        /** There is room: take the message. */
        ADMITTED,
        /** No room within the longest wait: leave the message with the broker. */
        TIMED_OUT,
        /** Stopping, or the client was replaced: drop the message, the broker sends it again. */
        GAVE_UP
    }

    /**
     * Waits until there is room under both bounds, at most {@code maxWaitNanos}, and not once
     * {@code giveUp} turns true.
     */
    Room awaitRoom(BooleanSupplier giveUp, long maxWaitNanos) {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (!hasRoom()) {
            if (giveUp.getAsBoolean()) {
                return Room.GAVE_UP;
            }
            if (System.nanoTime() - deadline >= 0) {
                return Room.TIMED_OUT;
            }
            LockSupport.parkNanos(PARK_NANOS);
        }
        return Room.ADMITTED;
    }

    /** A message was handed to the event loop. */
    void queued() {
        queued.incrementAndGet();
    }

    /** A handed-over message is being handled on the event loop (from then on the store counts it). */
    void started() {
        queued.decrementAndGet();
    }

    private boolean hasRoom() {
        int handedOver = queued.get();
        Held held = downstream.get();
        return handedOver + held.inProgress() < limit
                && handedOver + held.unacknowledged() < (long) limit * WAITING_FACTOR;
    }

    /** Every message the gateway holds and has not acknowledged. */
    int held() {
        return queued.get() + downstream.get().unacknowledged();
    }
}
