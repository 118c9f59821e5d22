package dk.telemed.testsupport;

import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Waiting for a freshly started process to become usable, and saying why when it does not. */
final class Startup {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    private Startup() {
    }

    /** Thrown when a service does not come up; the message carries the tail of its log. */
    static final class StartupFailure extends IllegalStateException {
        private final boolean portTaken;

        StartupFailure(String message, boolean portTaken) {
            super(message);
            this.portTaken = portTaken;
        }

        /** The service could not bind its port (another JVM picked it too): worth a retry on another. */
        boolean portTaken() {
            return portTaken;
        }
    }

    /**
     * Polls {@code ready} until true. Fails at once when the process exits (a config
     * error should not cost 30 s), and kills it on timeout so nothing half-started stays.
     */
    static void await(ManagedProcess process, String what, BooleanSupplier ready) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            boolean isReady;
            try {
                isReady = ready.getAsBoolean();
            } catch (RuntimeException e) {
                isReady = false;
            }
            if (isReady) {
                return;
            }
            if (!process.isAlive()) {
                throw failure(process, process.name() + " exited with code " + process.exitCode()
                        + " before " + what);
            }
            if (System.nanoTime() - deadline >= 0) {
                process.kill();
                throw failure(process, process.name() + " did not get to " + what + " within "
                        + Await.format(TIMEOUT) + " (killed it)");
            }
            Await.sleep(50);
        }
    }

    private static StartupFailure failure(ManagedProcess process, String message) {
        String log = process.log();
        boolean portTaken = log.toLowerCase(Locale.ROOT).contains("address already in use");
        return new StartupFailure(message + "; last lines of " + process.logFile() + ":\n"
                + ManagedProcess.tail(log, LOG_TAIL_LINES), portTaken);
    }
}
