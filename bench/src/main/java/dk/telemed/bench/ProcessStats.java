package dk.telemed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time and memory of a process, read from Linux's /proc: CPU as {@code utime + stime} of
 * /proc/PID/stat (all its threads, in clock ticks), memory as {@code VmRSS} (now) and
 * {@code VmHWM} (the peak resident set since it started) of /proc/PID/status.
 */
public final class ProcessStats {
    /** Clock ticks per second of /proc's CPU times; 100 on every Linux this runs on. */
    public static final long TICKS_PER_SECOND = 100;
    private static final Pattern STATUS_KIB = Pattern.compile("(?m)^(\\w+):\\s+(\\d+) kB$");

    /** One reading of a process. */
    public record Snapshot(long nanos, long cpuTicks, long rssKiB, long peakRssKiB) {
        /** CPU used between two snapshots, as a share of one core (1.0 = one core busy all the time). */
        public double coresSince(Snapshot earlier) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            return seconds <= 0 ? Double.NaN : (cpuTicks - earlier.cpuTicks) / (double) TICKS_PER_SECOND / seconds;
        }

        public double cpuSecondsSince(Snapshot earlier) {
            return (cpuTicks - earlier.cpuTicks) / (double) TICKS_PER_SECOND;
        }
    }

    private ProcessStats() {
    }

    public static Snapshot read(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        String stat = readProc(proc.resolve("stat"));
        String status = readProc(proc.resolve("status"));
        Map<String, Long> kib = statusKiB(status);
        return new Snapshot(System.nanoTime(), cpuTicks(stat), kib.getOrDefault("VmRSS", 0L), kib.getOrDefault("VmHWM", 0L));
    }

    /**
     * utime + stime from a /proc/PID/stat line. The command name (field 2) is in parentheses
     * and may hold spaces or parentheses itself, so fields are counted after the last ')'.
     */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        // f[0] is field 3 (state); utime is field 14, stime field 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The "Key:   123 kB" lines of /proc/PID/status. */
    static Map<String, Long> statusKiB(String status) {
        Map<String, Long> values = new LinkedHashMap<>();
        Matcher m = STATUS_KIB.matcher(status);
        while (m.find()) {
            values.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return values;
    }

    /**
     * CPU ticks per thread group of a JVM, from /proc/PID/task/TID/{comm,stat}: names with the
     * digits folded ("GC Thread#0", "GC Thread#1" → "GC Thread#N") and then grouped, so a
     * profile says how much went to garbage collection, the JIT, the event loop, the MQTT
     * client and the InfluxDB writers.
     */
    public static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                try {
                    String name = readProc(task.resolve("comm")).strip();
                    long t = cpuTicks(readProc(task.resolve("stat")));
                    ticks.merge(threadGroup(name), t, Long::sum);
                } catch (RuntimeException gone) {
                    // The thread ended between listing and reading.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks, e);
        }
        return ticks;
    }

    /** The group of the JIT compiler's threads. */
    static final String JIT_COMPILER = "JIT compiler";

    /** The group a JVM thread belongs to, by its (15-character) Linux thread name. */
    static String threadGroup(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Periodic")) {
            return "garbage collector";
        }
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return JIT_COMPILER;
        }
        if (name.startsWith("vert.x-eventloo")) {
            return "event loop";
        }
        if (name.startsWith("MQTT ")) {
            return "MQTT client (Paho)";
        }
        if (name.startsWith("influx-writer") || name.startsWith("OkHttp")) {
            return "InfluxDB writes";
        }
        if (name.startsWith("vert.x-worker") || name.startsWith("vert.x-internal")) {
            return "Vert.x workers";
        }
        return "other";
    }

    /** {@code after - before} per group, as a share of one core over {@code seconds}. */
    public static Map<String, Double> coresByGroup(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Double> cores = new LinkedHashMap<>();
        after.forEach((group, t) -> {
            double used = (t - before.getOrDefault(group, 0L)) / (double) TICKS_PER_SECOND / seconds;
            if (used > 0.005) {
                cores.put(group, used);
            }
        });
        return cores;
    }

    private static String readProc(Path file) {
        // A reader, not Files.readString: procfs reports size 0, and some JDKs then read too little.
        try (var in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
