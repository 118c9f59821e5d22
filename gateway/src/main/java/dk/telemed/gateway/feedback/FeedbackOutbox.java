package dk.telemed.gateway.feedback;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The readings' feedback on its way out. A device has at most one publish in flight and at
 * most one message waiting behind it: a newer message replaces the waiting one unless that one
 * is more urgent (a red message is not overwritten by a normal one). After a publish the
 * device's next word waits until the interval has passed, unless it is more urgent than the last
 * one the broker took for the device. A device that sends many messages at once (a backlog after
 * an outage, a hub's upload) so gets the latest, most urgent word about once an interval, not one
 * message per reading: each is a QoS 1 publish, and one per reading doubled the broker traffic
 * of a burst and halved what the gateway took in. A red word after a milder one never waits for
 * the interval. The memory held is bounded by the devices heard from within the interval, and
 * the readings' own acknowledgements never wait for any of this.
 *
 * <p>Used from one event-loop context only; {@link Timers} must run its tasks there too.
 */
public final class FeedbackOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackOutbox.class);
    /** Below every urgency: a device's first word is never held for the interval. */
    private static final int NOTHING_YET = Integer.MIN_VALUE;

    /** Runs a task once after a delay, on the outbox's context: a Vert.x timer in the gateway. */
    public interface Timers {
        void after(long millis, Runnable task);
    }

    private final BiFunction<String, byte[], Future<Void>> publish;
    private final long intervalMs;
    private final Timers timers;
    /** Devices with a publish in flight, a message waiting, or a publish within the interval. */
    private final Map<String, Device> devices = new HashMap<>();
    private long failures;
    // Written on the outbox's context only, read by the metrics.
    private volatile long sent;
    private volatile long replaced;
    private volatile int inFlight;
    private volatile int waiting;

    /**
     * @param publish  publishes a payload to a topic at QoS 1, completing when the broker has it
     * @param interval the least time between two publishes to one device, but for a more urgent word; zero for none
     */
    public FeedbackOutbox(BiFunction<String, byte[], Future<Void>> publish, Duration interval, Timers timers) {
        this.publish = publish;
        this.intervalMs = interval.toMillis();
        this.timers = timers;
    }

    /**
     * @param body    writes the message when it is sent (its {@code at} then says when that was)
     * @param urgency higher is more urgent; a waiting message is replaced by one at least as urgent
     */
    void offer(String deviceId, String topic, Supplier<byte[]> body, int urgency) {
        Device d = devices.get(deviceId);
        if (d == null) {
            d = new Device();
            devices.put(deviceId, d);
            start(deviceId, d, new Waiting(topic, body, urgency));
            return;
        }
        // Either the new word or the one waiting is never sent: one of them is replaced.
        if (d.waiting == null) {
            waiting++;
        } else {
            replaced++;
        }
        if (d.waiting == null || urgency >= d.waiting.urgency) {
            d.waiting = new Waiting(topic, body, urgency);
        }
        next(deviceId, d);
    }

    /** Readings' feedback messages in flight to the broker or waiting for their device's turn. */
    public int pending() {
        return inFlight + waiting;
    }

    /** Readings' feedback messages handed to the broker. */
    public long sent() {
        return sent;
    }

    /** Readings' feedback messages never sent: a newer or more urgent word for the device took their place. */
    public long replaced() {
        return replaced;
    }

    /** Devices the outbox keeps state for: those pending and those within their interval. */
    int held() {
        return devices.size();
    }

    private void start(String deviceId, Device d, Waiting message) {
        d.inFlight = true;
        inFlight++;
        sent++;
        int generation = ++d.generation;
        if (intervalMs > 0) {
            d.quiet = true;
            timers.after(intervalMs, () -> {
                // Only the timer of the device's latest publish ends its interval.
                if (devices.get(deviceId) == d && d.generation == generation) {
                    d.quiet = false;
                    next(deviceId, d);
                }
            });
        }
        Future<Void> published;
        try {
            published = publish.apply(message.topic, message.body.get());
        } catch (RuntimeException e) {
            // Not a reason to leave the device without a word for good: it counts as a failed publish.
            published = Future.failedFuture(e);
        }
        published.onComplete(r -> {
            d.inFlight = false;
            inFlight--;
            if (r.succeeded()) {
                d.lastUrgency = message.urgency;
            } else if (failures++ % 100 == 0) {
                LOG.warn("feedback to device {} not published ({} so far): {}", deviceId, failures, r.cause().getMessage());
            }
            next(deviceId, d);
        });
    }

    private void next(String deviceId, Device d) {
        if (d.inFlight) {
            return;
        }
        Waiting w = d.waiting;
        if (w != null && (!d.quiet || w.urgency > d.lastUrgency)) {
            d.waiting = null;
            waiting--;
            start(deviceId, d, w);
        } else if (w == null && !d.quiet) {
            devices.remove(deviceId);
        }
    }

    private static final class Device {
        private boolean inFlight;
        /** Within the interval after the latest publish. */
        private boolean quiet;
        /** The urgency of the last word the broker took for the device. */
        private int lastUrgency = NOTHING_YET;
        private int generation;
        private Waiting waiting;
    }

    private record Waiting(String topic, Supplier<byte[]> body, int urgency) {
    }
}
