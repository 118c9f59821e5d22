package dk.telemed.sim.run;

import dk.telemed.sim.mqtt.Delivery;
import dk.telemed.sim.mqtt.Publisher;
import dk.telemed.sim.payload.PayloadEncoder;
import dk.telemed.sim.symptoms.DiaryFeed;
import dk.telemed.sim.traffic.DeviceState;
import dk.telemed.sim.traffic.Planned;
import dk.telemed.sim.traffic.ReadingSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * The publishing loop: take the next message from the source, wait for the rate limiter, encode,
 * publish. Single-threaded by design; the MQTT client's threads only report outcomes.
 */
public final class Simulation {

    /**
     * @param qos QoS of readings (status is always QoS 1, retained, per spec)
     * @param countLimit stop after this many readings; 0 for no limit
     * @param durationNanos stop after this long; 0 for no limit
     * @param statusIntervalNanos republish every device's status this often; 0 for only on (re)connect
     * @param drainTimeoutNanos how long to wait for outstanding acknowledgements at the end
     */
    public record Settings(int qos, long countLimit, long durationNanos, long statusIntervalNanos,
            long drainTimeoutNanos) {
    }

    private final Settings settings;
    private final List<List<DeviceState>> devicesByConnection;
    private final ReadingSource source;
    private final PayloadEncoder encoder;
    private final Publisher publisher;
    private final RateLimiter limiter;
    private final Stats stats;
    private final RunControl control;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClockMillis;
    private final DiaryFeed diary;
    private long runStartWallMillis;
    private long startWallMillis;

    public Simulation(Settings settings, List<DeviceState> devices, int connections, ReadingSource source,
            PayloadEncoder encoder, Publisher publisher, RateLimiter limiter, Stats stats, RunControl control,
            LongSupplier nanoClock, LongSupplier wallClockMillis) {
        this(settings, devices, connections, source, encoder, publisher, limiter, stats, control, nanoClock, wallClockMillis, null);
    }

    /** @param diary the patients' symptom answers, sent as their time comes; null for readings only */
    public Simulation(Settings settings, List<DeviceState> devices, int connections, ReadingSource source,
            PayloadEncoder encoder, Publisher publisher, RateLimiter limiter, Stats stats, RunControl control,
            LongSupplier nanoClock, LongSupplier wallClockMillis, DiaryFeed diary) {
        this.diary = diary;
        this.settings = settings;
        this.devicesByConnection = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            devicesByConnection.add(new ArrayList<>());
        }
        for (DeviceState d : devices) {
            devicesByConnection.get(d.connection()).add(d);
        }
        this.source = source;
        this.encoder = encoder;
        this.publisher = publisher;
        this.limiter = limiter;
        this.stats = stats;
        this.control = control;
        this.nanoClock = nanoClock;
        this.wallClockMillis = wallClockMillis;
    }

    /** Runs until the count, the duration, the history or a stop request ends it; closes the publisher. */
    public Summary run() throws InterruptedException {
        long start = nanoClock.getAsLong();
        runStartWallMillis = wallClockMillis.getAsLong();
        startWallMillis = runStartWallMillis;
        if (settings.durationNanos() > 0) {
            control.deadline(start + settings.durationNanos());
        }
        long remaining = settings.countLimit() > 0 ? settings.countLimit() : Long.MAX_VALUE;
        // The rate is measured over the readings only, not the status burst and warm-up before them.
        long firstReading = Long.MIN_VALUE;
        long nextStatus = settings.statusIntervalNanos() > 0 ? start + settings.statusIntervalNanos() : Long.MAX_VALUE;

        while (remaining > 0 && !control.shouldStop(nanoClock.getAsLong())) {
            for (int connection : publisher.takeFreshConnections()) {
                publishStatus(connection);
            }
            if (nanoClock.getAsLong() - nextStatus >= 0) {
                for (int c = 0; c < devicesByConnection.size(); c++) {
                    publishStatus(c);
                }
                nextStatus += settings.statusIntervalNanos();
            }
            Planned p = source.next((int) Math.min(remaining, Integer.MAX_VALUE));
            if (!answer(p == null ? wallClockMillis.getAsLong() : p.readings().get(p.readings().size() - 1).tsMillis())) {
                break;
            }
            if (p == null) {
                break;
            }
            if (firstReading == Long.MIN_VALUE) {
                firstReading = nanoClock.getAsLong();
                startWallMillis = wallClockMillis.getAsLong();
            }
            limiter.acquire(p.readings().size());
            if (control.shouldStop(nanoClock.getAsLong())) {
                break;
            }
            DeviceState d = p.device();
            long number = d.nextMessageNumber();
            byte[] payload = p.batchForm()
                    ? encoder.batch(d.device().id(), number, p.readings(), d.alternateUnits(),
                            d.device().timestampStyle())
                    : encoder.single(d.device().id(), number, p.readings().get(0), d.alternateUnits(),
                            d.device().timestampStyle());
            if (!publisher.publish(d.connection(), d.readingsTopic(), payload, settings.qos(), false,
                    Delivery.readings(p.readings().size()))) {
                break;
            }
            remaining -= p.readings().size();
        }
        long loopEnd = nanoClock.getAsLong();
        boolean drained = drain();
        long end = drained ? Math.max(loopEnd, stats.lastOutcomeNanos()) : nanoClock.getAsLong();
        // Closing fails whatever the drain did not see answered, so the summary adds up: sent = acked + failed.
        publisher.close();
        return summary(firstReading == Long.MIN_VALUE ? start : firstReading, end);
    }

    /** Publishes the answers given up to {@code upToMillis}; false when the publisher is closed. */
    private boolean answer(long upToMillis) {
        if (diary == null) {
            return true;
        }
        for (DiaryFeed.Outgoing o : diary.due(upToMillis)) {
            if (!publisher.publish(o.connection(), o.topic(), o.payload(), 1, false, Delivery.RESPONSE)) {
                return false;
            }
        }
        return true;
    }

    private void publishStatus(int connection) {
        long elapsed = wallClockMillis.getAsLong() - runStartWallMillis;
        for (DeviceState d : devicesByConnection.get(connection)) {
            byte[] payload = encoder.status(true, d.battery(elapsed), d.device().firmware());
            if (!publisher.publish(connection, d.statusTopic(), payload, 1, true, Delivery.STATUS)) {
                return;
            }
        }
    }

    /** Waits, bounded, for outstanding acknowledgements. */
    private boolean drain() {
        long deadline = nanoClock.getAsLong() + settings.drainTimeoutNanos();
        while (publisher.outstanding() > 0) {
            if (nanoClock.getAsLong() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return true;
    }

    private Summary summary(long startNanos, long endNanos) {
        Stats.Snapshot s = stats.snapshot();
        double elapsed = Math.max(1e-9, (endNanos - startNanos) / 1e9);
        Instant startedAt = Instant.ofEpochMilli(startWallMillis);
        Instant endedAt = startedAt.plusNanos(endNanos - startNanos);
        return new Summary(s.readingsSent(), s.readingsAcked(), s.messagesSent(), s.messagesAcked(),
                s.readingsFailed(), elapsed, s.readingsAcked() / elapsed, startedAt, endedAt);
    }
}
