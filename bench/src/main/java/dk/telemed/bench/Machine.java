package dk.telemed.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run happened on, and how busy it was: figures from a 2-core machine shared
 * with other work mean little without the load average next to them.
 */
public record Machine(String cpu, int cores, double memoryGiB, String kernel, String java, String mosquitto,
                      String influxd, String loadAtStart) {

    public static Machine describe() {
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), totalMemoryGiB(),
                firstLine(Path.of("/proc/sys/kernel/osrelease")),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                firstLineOf(List.of(System.getProperty("telemed.mosquitto.bin", "/usr/sbin/mosquitto"), "-h")),
                firstLineOf(List.of(System.getProperty("telemed.influxd.bin", "/usr/bin/influxd"), "version")),
                loadAverage());
    }

    /** The 1, 5 and 15 minute load averages, e.g. "0.42 0.61 0.70". */
    public static String loadAverage() {
        String line = firstLine(Path.of("/proc/loadavg"));
        String[] f = line.split(" ");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : line;
    }

    /** The 1-minute load average as a number (NaN when unknown). */
    public static double load1() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double totalMemoryGiB() {
        try {
            String total = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .findFirst().orElse("MemTotal: 0 kB");
            return Long.parseLong(total.replaceAll("\\D", "")) / 1024.0 / 1024.0;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String firstLine(Path file) {
        try (var in = Files.newBufferedReader(file)) {
            String line = in.readLine();
            return line == null ? "" : line.strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstLineOf(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().filter(l -> !l.isBlank()).findFirst().orElse("unknown").strip();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
