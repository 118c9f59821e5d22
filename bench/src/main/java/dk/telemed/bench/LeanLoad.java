package dk.telemed.bench;

import dk.telemed.testsupport.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Several {@link LeanPublisher} processes started together, each on its own connection, and their reports as one. */
final class LeanLoad implements AutoCloseable {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final List<ManagedProcess> processes;
    private final List<Path> reports;

    private LeanLoad(List<ManagedProcess> processes, List<Path> reports) {
        this.processes = processes;
        this.reports = reports;
    }

    /** Starts one publisher per plan, each its own JVM (heap 64 MiB) on its own connection. */
    static LeanLoad start(Path dir, String mqttUrl, String name, List<LeanPublisher.Plan> plans) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ManagedProcess> processes = new ArrayList<>();
        List<Path> reports = new ArrayList<>();
        int run = RUNS.incrementAndGet();
        for (int i = 0; i < plans.size(); i++) {
            String id = name + "-" + run + "-" + i;
            Path report = dir.resolve(id + ".json");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-XX:+UseSerialGC", "-cp", benchJar().toString(), LeanPublisher.class.getName(), mqttUrl, id, report.toString(),
                    plans.get(i).toArg());
            processes.add(ManagedProcess.builder(id, command).directory(dir).logFile(dir.resolve(id + ".log")).start());
            reports.add(report);
        }
        return new LeanLoad(processes, reports);
    }

    List<Long> pids() {
        return processes.stream().map(ManagedProcess::pid).toList();
    }

    /** Waits for every publisher; their reports combined. Throws with a log's tail when one failed. */
    DeviceSim.Report await(Duration timeout) {
        List<DeviceSim.Report> each = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            ManagedProcess p = processes.get(i);
            if (!p.waitFor(timeout)) {
                throw new IllegalStateException(p.name() + " did not finish within " + timeout + "; " + p.logTail(10));
            }
            if (p.exitCode() != 0 || !Files.isRegularFile(reports.get(i))) {
                throw new IllegalStateException(p.name() + " exited with " + p.exitCode() + ": " + p.logTail(20));
            }
            each.add(DeviceSim.readReport(reports.get(i)));
        }
        return combine(each);
    }

    /**
     * The publishers as one: every count summed, from the first start to the last end, at the
     * rate of all readings over that time.
     */
    static DeviceSim.Report combine(List<DeviceSim.Report> each) {
        Instant start = each.stream().map(r -> Instant.parse(r.startedAt())).min(Comparator.naturalOrder()).orElseThrow();
        Instant end = each.stream().map(r -> Instant.parse(r.endedAt())).max(Comparator.naturalOrder()).orElseThrow();
        long readingsAcked = each.stream().mapToLong(DeviceSim.Report::readingsAcked).sum();
        double seconds = Duration.between(start, end).toNanos() / 1e9;
        return new DeviceSim.Report(each.stream().mapToLong(DeviceSim.Report::readingsSent).sum(), readingsAcked,
                each.stream().mapToLong(DeviceSim.Report::messagesSent).sum(), each.stream().mapToLong(DeviceSim.Report::messagesAcked).sum(),
                each.stream().mapToLong(DeviceSim.Report::failed).sum(), seconds, seconds > 0 ? readingsAcked / seconds : Double.NaN,
                start.toString(), end.toString());
    }

    /** {@code devices} dealt over {@code publishers} in turn, so each publisher has about as many. */
    static List<List<String>> deal(List<String> devices, int publishers) {
        List<List<String>> hands = new ArrayList<>();
        for (int i = 0; i < Math.min(publishers, devices.size()); i++) {
            hands.add(new ArrayList<>());
        }
        for (int i = 0; i < devices.size(); i++) {
            hands.get(i % hands.size()).add(devices.get(i));
        }
        return hands;
    }

    @Override
    public void close() {
        for (ManagedProcess p : processes) {
            if (p.isAlive()) {
                p.stop(Duration.ofSeconds(5));
            }
        }
    }

    private static Path benchJar() {
        try {
            return Path.of(LeanPublisher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot find the bench's own jar", e);
        }
    }
}
