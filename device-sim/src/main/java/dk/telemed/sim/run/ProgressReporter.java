package dk.telemed.sim.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Prints a progress line to stderr every few seconds while a run is going. */
public final class ProgressReporter implements AutoCloseable {

    private final Stats stats;
    private final IntSupplier outstanding;
    private final LongSupplier nanoClock;
    private final PrintStream err;
    private final long startNanos;
    private final ScheduledExecutorService timer;
    private long lastNanos;
    private long lastSent;

    public ProgressReporter(Stats stats, IntSupplier outstanding, LongSupplier nanoClock, PrintStream err,
            long intervalSeconds) {
        this.stats = stats;
        this.outstanding = outstanding;
        this.nanoClock = nanoClock;
        this.err = err;
        this.startNanos = nanoClock.getAsLong();
        this.lastNanos = startNanos;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "device-sim-progress");
            t.setDaemon(true); // must never keep the JVM alive
            return t;
        });
        timer.scheduleAtFixedRate(this::report, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    private synchronized void report() {
        long now = nanoClock.getAsLong();
        Stats.Snapshot s = stats.snapshot();
        double interval = (now - lastNanos) / 1e9;
        double rate = interval > 0 ? (s.readingsSent() - lastSent) / interval : 0;
        lastNanos = now;
        lastSent = s.readingsSent();
        err.println(String.format(Locale.ROOT,
                "device-sim: t=%.0fs sent=%d acked=%d failed=%d inflight=%d rate=%.0f/s",
                (now - startNanos) / 1e9, s.readingsSent(), s.readingsAcked(), s.readingsFailed(),
                outstanding.getAsInt(), rate));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
