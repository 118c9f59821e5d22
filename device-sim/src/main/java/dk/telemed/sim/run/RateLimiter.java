package dk.telemed.sim.run;

import java.util.function.LongSupplier;

/**
 * A token bucket metering readings (not messages). Permits are due on an absolute schedule
 * (the k-th permit at origin + k / rate) rather than "sleep 1/rate after each", so sleep
 * overshoot and OS timer granularity do not accumulate: the average stays exact from 1 to
 * 50,000+ readings/s even though a single park may oversleep by ~60 µs.
 *
 * <p>A request is let through when its first permit is due and pays for the rest afterwards, so
 * a batch of K readings goes out whole and the next request waits K intervals. After a stall
 * (a slow broker, a reconnect) at most {@code maxBurstNanos} worth of permits are caught up.
 */
public final class RateLimiter {

    /** Waits; tests pass one that advances a fake clock instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double nanosPerPermit;
    private final long maxBurstNanos;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private boolean started;
    private long origin;
    private long granted;

    public RateLimiter(double permitsPerSecond, long maxBurstNanos, LongSupplier nanoClock, Sleeper sleeper) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, got " + permitsPerSecond);
        }
        this.nanosPerPermit = 1e9 / permitsPerSecond;
        this.maxBurstNanos = Math.max(0, maxBurstNanos);
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** Blocks until {@code permits} may be used. */
    public void acquire(int permits) throws InterruptedException {
        if (permits <= 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (!started) {
            started = true;
            origin = now;
            granted = 0;
        }
        long due = origin + (long) (granted * nanosPerPermit);
        if (due < now - maxBurstNanos) {
            // Idle or stalled: forgive the debt beyond the burst allowance instead of flooding.
            origin = now - maxBurstNanos;
            granted = 0;
            due = origin;
        }
        granted += permits;
        long wait = due - now;
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }
}
