package dk.telemed.gateway.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Liveness: the gateway is stalled when it holds messages but has stored, judged and
 * acknowledged nothing for {@code stallAfter} while InfluxDB answers its ping. A gateway waiting for
 * InfluxDB is not stalled (that is {@code /ready}'s business, and the broker keeps the
 * messages); one that holds readings and does nothing with them although it could is, and no
 * amount of waiting mends it. It then fails {@code /health} and calls {@code onStall} once,
 * which gives up the MQTT session and exits, so the supervisor (systemd, Kubernetes, the demo)
 * starts it again and the broker redelivers what was never acknowledged.
 *
 * <p>It checks on a thread of its own, so a blocked event loop cannot hide a stall: then
 * {@code /health} does not answer at all, which a liveness probe counts as failed too.
 */
public final class StallWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StallWatchdog.class);

    private final Duration stallAfter;
    private final LongSupplier progress;
    private final BooleanSupplier holding;
    private final BooleanSupplier storeAnswers;
    private final LongSupplier nanoTime;
    private final Runnable onStall;
    private final ScheduledExecutorService checks;
    private long lastProgress = Long.MIN_VALUE;
    private long sinceNanos;
    private volatile String stalled;

    /**
     * @param progress     grows whenever a reading is stored, a message judged or acknowledged (thread-safe)
     * @param holding      whether messages are received and not yet acknowledged (thread-safe)
     * @param storeAnswers whether InfluxDB answered its last ping (thread-safe)
     * @param nanoTime     the clock, {@link System#nanoTime()} in the gateway
     * @param onStall      called once, on the watchdog's thread, when the gateway is found stalled
     */
    public StallWatchdog(Duration stallAfter, LongSupplier progress, BooleanSupplier holding, BooleanSupplier storeAnswers,
                         LongSupplier nanoTime, Runnable onStall) {
        this.stallAfter = stallAfter;
        this.progress = progress;
        this.holding = holding;
        this.storeAnswers = storeAnswers;
        this.nanoTime = nanoTime;
        this.onStall = onStall;
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stall-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /** Checks every tenth of {@code stallAfter} (at least every second). */
    public void start() {
        long everyMs = Math.max(1_000, stallAfter.toMillis() / 10);
        checks.scheduleWithFixedDelay(this::check, everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    /** One look: progress, or nothing held, or InfluxDB away, restarts the count; a stall is reported once. */
    synchronized void check() {
        if (stalled != null) {
            return;
        }
        long now = nanoTime.getAsLong();
        long seen = progress.getAsLong();
        if (seen != lastProgress || !holding.getAsBoolean() || !storeAnswers.getAsBoolean()) {
            lastProgress = seen;
            sinceNanos = now;
            return;
        }
        Duration still = Duration.ofNanos(now - sinceNanos);
        if (still.compareTo(stallAfter) < 0) {
            return;
        }
        stalled = "messages held and nothing stored, judged or acknowledged for " + still.toSeconds()
                + " s while InfluxDB answers (health.stallSeconds " + stallAfter.toSeconds() + ")";
        LOG.error("stalled: {}; giving up the broker session so that the gateway is started again", stalled);
        onStall.run();
    }

    /** Why the gateway is not live, or null while it is. */
    public String problem() {
        return stalled;
    }

    @Override
    public void close() {
        // Not shutdownNow: the stall action itself may be what is stopping the gateway.
        checks.shutdown();
    }
}
