package dk.telemed.sim.run;

import dk.telemed.sim.mqtt.Delivery;
import dk.telemed.sim.mqtt.DeliveryListener;
import dk.telemed.sim.mqtt.MessageKind;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** The run's counters; updated from the publisher thread and the client's callback threads. */
public final class Stats implements DeliveryListener {

    /** A consistent-enough read of the counters (each one is exact; they are read one by one). */
    public record Snapshot(long readingsSent, long messagesSent, long readingsAcked, long messagesAcked,
            long readingsFailed, long messagesFailed, long statusSent, long statusAcked, long statusFailed) {
    }

    private final LongSupplier nanoClock;
    private final LongAdder readingsSent = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder readingsAcked = new LongAdder();
    private final LongAdder messagesAcked = new LongAdder();
    private final LongAdder readingsFailed = new LongAdder();
    private final LongAdder messagesFailed = new LongAdder();
    private final LongAdder statusSent = new LongAdder();
    private final LongAdder statusAcked = new LongAdder();
    private final LongAdder statusFailed = new LongAdder();
    private volatile long lastOutcomeNanos;

    public Stats(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastOutcomeNanos = nanoClock.getAsLong();
    }

    @Override
    public void sent(Delivery d) {
        if (d.kind() == MessageKind.READINGS) {
            readingsSent.add(d.readings());
            messagesSent.increment();
        } else {
            statusSent.increment();
        }
    }

    @Override
    public void acked(Delivery d) {
        if (d.kind() == MessageKind.READINGS) {
            readingsAcked.add(d.readings());
            messagesAcked.increment();
        } else {
            statusAcked.increment();
        }
        lastOutcomeNanos = nanoClock.getAsLong();
    }

    @Override
    public void failed(Delivery d) {
        if (d.kind() == MessageKind.READINGS) {
            readingsFailed.add(d.readings());
            messagesFailed.increment();
        } else {
            statusFailed.increment();
        }
        lastOutcomeNanos = nanoClock.getAsLong();
    }

    /** When the last acknowledgement or failure arrived, on the nano clock. */
    public long lastOutcomeNanos() {
        return lastOutcomeNanos;
    }

    public Snapshot snapshot() {
        return new Snapshot(readingsSent.sum(), messagesSent.sum(), readingsAcked.sum(), messagesAcked.sum(),
                readingsFailed.sum(), messagesFailed.sum(), statusSent.sum(), statusAcked.sum(), statusFailed.sum());
    }
}
