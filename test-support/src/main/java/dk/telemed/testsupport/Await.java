package dk.telemed.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for something asynchronous (a reading reaching InfluxDB) without fixed sleeps. */
public final class Await {
    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    /**
     * Polls {@code condition} every 100 ms until it is true. A condition that throws
     * (a service still restarting refuses connections) counts as "not yet"; the last
     * such exception becomes the cause of the timeout, so the report says why.
     *
     * @throws AssertionError "timed out after {timeout}: {what}"
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable lastFailure = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError timedOut = new AssertionError("timed out after " + format(timeout) + ": " + what);
                if (lastFailure != null) {
                    timedOut.initCause(lastFailure);
                }
                throw timedOut;
            }
            sleep(POLL_MILLIS);
        }
    }

    static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        return d.toSeconds() + " s";
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
