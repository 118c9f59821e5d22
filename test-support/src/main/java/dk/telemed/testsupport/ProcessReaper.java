package dk.telemed.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills every process a test started when the test JVM exits, so no broker, store or
 * gateway outlives a test run (and holds its port or data dir for the next run).
 *
 * <p>A JVM that is itself SIGKILLed runs no shutdown hooks; its children then survive.
 * Their ports come from {@link FreePorts} and their dirs are wiped by the next run, so
 * they cannot disturb later tests, but they must be killed by hand.
 */
final class ProcessReaper {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "telemed-process-reaper"));
    }

    private ProcessReaper() {
    }

    static void register(Process process) {
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
    }

    private static void killAll() {
        for (Process process : LIVE) {
            // SIGKILL also ends a SIGSTOPped process, which would ignore SIGTERM.
            process.destroyForcibly();
        }
    }
}
