package dk.telemed.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OS process started by a test: its output appended to a log file, signals sent
 * by pid, killed at JVM exit. Shared by {@link MosquittoServer}, {@link InfluxServer}
 * and {@link GatewayProcess}.
 */
public final class ManagedProcess implements AutoCloseable {
    /** The signals tests need: clean stop, crash, hang, un-hang, reload. */
    public enum Signal { TERM, KILL, STOP, CONT, HUP }

    private final String name;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts building a process named {@code name} (used in messages) running {@code command}. */
    public static Builder builder(String name, List<String> command) {
        return new Builder(name, command);
    }

    /** How to start a process. */
    public static final class Builder {
        private final String name;
        private final List<String> command;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> removedEnvPrefixes = new ArrayList<>();
        private Path directory;
        private Path logFile;

        private Builder(String name, List<String> command) {
            this.name = name;
            this.command = List.copyOf(command);
        }

        /** Adds (or overrides) an environment variable on top of the test JVM's environment. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** Drops inherited variables with this prefix, so a developer's shell cannot leak into a test. */
        public Builder withoutInheritedEnv(String prefix) {
            removedEnvPrefixes.add(prefix);
            return this;
        }

        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Where stdout and stderr go (appended: a restarted service keeps one log). */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public ManagedProcess start() {
            if (logFile == null) {
                throw new IllegalStateException("logFile is required for " + name);
            }
            ProcessBuilder pb = new ProcessBuilder(command);
            Map<String, String> environment = pb.environment();
            environment.keySet().removeIf(k -> removedEnvPrefixes.stream().anyMatch(k::startsWith));
            environment.putAll(env);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            try {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                Process process = pb.start();
                ProcessReaper.register(process);
                return new ManagedProcess(name, process, logFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name + ": " + command, e);
            }
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The whole log so far (invalid UTF-8 replaced, never an exception). */
    public String log() {
        return readLog(logFile);
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        return tail(log(), lines);
    }

    /** Sends a signal; a process that has already exited is left alone. */
    public void signal(Signal signal) {
        if (!process.isAlive()) {
            return;
        }
        switch (signal) {
            // On Unix destroy() is SIGTERM and destroyForcibly() SIGKILL.
            case TERM -> process.destroy();
            case KILL -> process.destroyForcibly();
            default -> runKill(signal);
        }
    }

    private void runKill(Signal signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal.name(), Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // A process that exits just before the signal makes kill fail; give the JDK a moment to notice.
            if (kill.waitFor() != 0 && !process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    /** Runs {@code action} once the process has exited, however it ended. */
    public void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** True when the process exited within the timeout. */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** The exit code; 128+n for a process ended by signal n (143 for SIGTERM, 137 for SIGKILL). */
    public int exitCode() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " (pid " + pid() + ") is still running");
        }
        return process.exitValue();
    }

    /**
     * SIGTERM, then SIGKILL when it has not exited within {@code grace}. Returns true
     * when SIGTERM was enough. A SIGSTOPped process gets SIGCONT too, or the SIGTERM
     * would wait until the end of time.
     */
    public boolean stop(Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        signal(Signal.TERM);
        signal(Signal.CONT);
        if (waitFor(grace)) {
            return true;
        }
        kill();
        return false;
    }

    /** SIGKILL and wait until it is gone, so its port and files are free afterwards. */
    public void kill() {
        signal(Signal.KILL);
        if (!waitFor(Duration.ofSeconds(30))) {
            throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + (isAlive() ? ", running" : ", exited") + ", log " + logFile + ")";
    }

    static String readLog(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        int end = all.length;
        if (end > 0 && all[end - 1].isEmpty()) {
            end--;
        }
        int from = Math.max(0, end - lines);
        return String.join("\n", Arrays.asList(all).subList(from, end));
    }
}
