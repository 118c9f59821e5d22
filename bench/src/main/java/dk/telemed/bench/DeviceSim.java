package dk.telemed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator, {@code device-sim.jar}, run as its own process so it does not share a
 * JVM (heap, GC, JIT) with the gateway or with the bench's own measuring.
 */
public final class DeviceSim {
    private static final Pattern WROTE = Pattern.compile("wrote (\\d+) patients with (\\d+) devices");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path jar;
    private final Path dir;

    public DeviceSim(Path jar, Path dir) {
        this.jar = jar;
        this.dir = dir;
    }

    /** A registry file and what it holds. */
    public record Registry(Path file, int patients, int devices) {
    }

    /** What a run published: device-sim's own --report. */
    public record Report(long readingsSent, long readingsAcked, long messagesSent, long messagesAcked, long failed,
                         double elapsedSeconds, double readingsPerSecond, String startedAt, String endedAt) {
    }

    /**
     * One {@code run}: {@code batch} 0 is the devices' natural packing; either {@code seconds}
     * or {@code count} limits it.
     */
    public record Run(int patients, int batch, double rate, double seconds, long count, int connections, String clientId) {
        List<String> args() {
            List<String> a = new ArrayList<>(List.of("--patients", Integer.toString(patients), "--rate", number(rate),
                    "--connections", Integer.toString(connections), "--client-id", clientId));
            if (batch > 0) {
                a.addAll(List.of("--batch", Integer.toString(batch)));
            }
            if (count > 0) {
                a.addAll(List.of("--count", Long.toString(count)));
            } else {
                a.addAll(List.of("--duration", number(seconds)));
            }
            return a;
        }

        private static String number(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
        }
    }

    /** Writes the registry of {@code patients} simulated patients (device-sim's default seed). */
    public Registry registry(int patients, Path out) {
        ManagedProcess p = start("registry-" + RUNS.incrementAndGet(),
                List.of("registry", "--patients", Integer.toString(patients), "--out", out.toString()));
        if (!p.waitFor(Duration.ofMinutes(5)) || p.exitCode() != 0) {
            throw new IllegalStateException("device-sim registry failed: " + p.logTail(20));
        }
        Matcher m = WROTE.matcher(p.log());
        if (!m.find()) {
            throw new IllegalStateException("device-sim registry did not say what it wrote: " + p.logTail(5));
        }
        return new Registry(out, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Starts a run against the broker; {@link Running#await} waits for its end and its report. */
    public Running start(String mqttUrl, Run run) {
        int n = RUNS.incrementAndGet();
        Path report = dir.resolve("device-sim-" + n + ".json");
        List<String> args = new ArrayList<>(List.of("run", "--mqtt", mqttUrl, "--report", report.toString()));
        args.addAll(run.args());
        return new Running(start("device-sim-" + n, args), report);
    }

    /** A run in progress. */
    public static final class Running {
        private final ManagedProcess process;
        private final Path report;

        private Running(ManagedProcess process, Path report) {
            this.process = process;
            this.report = report;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits for the run to end and returns its report; throws with the log's tail when it failed. */
        public Report await(Duration timeout) {
            if (!process.waitFor(timeout)) {
                process.stop(Duration.ofSeconds(20));
                throw new IllegalStateException("device-sim did not finish within " + timeout + "; " + process.logTail(10));
            }
            if (process.exitCode() != 0 || !Files.isRegularFile(report)) {
                throw new IllegalStateException("device-sim exited with " + process.exitCode() + ": " + process.logTail(20));
            }
            return readReport(report);
        }

        /** Ends the run early (SIGTERM: device-sim drains and reports). */
        public void stop() {
            process.stop(Duration.ofSeconds(30));
        }
    }

    /** A run's report, as device-sim writes it (and {@link LeanPublisher} in the same shape). */
    static Report readReport(Path report) {
        try {
            JsonNode r = JSON.readTree(report.toFile());
            return new Report(r.path("readingsSent").asLong(), r.path("readingsAcked").asLong(),
                    r.path("messagesSent").asLong(), r.path("messagesAcked").asLong(), r.path("failed").asLong(),
                    r.path("elapsedSeconds").asDouble(), r.path("readingsPerSecond").asDouble(),
                    r.path("startedAt").asText(), r.path("endedAt").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + report, e);
        }
    }

    private ManagedProcess start(String name, List<String> args) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(args);
        return ManagedProcess.builder(name, command).directory(dir).logFile(dir.resolve(name + ".log")).start();
    }
}
