package dk.telemed.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a JFR recording of the gateway says, in a few lines: where the sampled Java threads
 * were (top frames, and the gateway's own methods inclusive of what they call), what
 * allocated most, and how long garbage collection paused the JVM. The same as
 * {@code jfr print --events jdk.ExecutionSample}, summed up.
 */
public record JfrSummary(int executionSamples, Map<String, Double> topFrames, Map<String, Double> gatewayInclusive,
                         Map<String, Double> allocationByFrame, int gcPauses, double gcPauseSeconds, double recordingSeconds) {

    public static JfrSummary of(Path recording) {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Double> allocation = new HashMap<>();
        int samples = 0;
        int pauses = 0;
        double pauseSeconds = 0;
        java.time.Instant first = null;
        java.time.Instant last = null;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                first = first == null || e.getStartTime().isBefore(first) ? e.getStartTime() : first;
                last = last == null || e.getEndTime().isAfter(last) ? e.getEndTime() : last;
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        List<RecordedFrame> frames = frames(e.getStackTrace());
                        if (!frames.isEmpty()) {
                            top.merge(name(frames.get(0)), 1, Integer::sum);
                        }
                        Set<String> seen = new HashSet<>();
                        for (RecordedFrame f : frames) {
                            String n = name(f);
                            if (n.startsWith("dk.telemed.") && !n.contains("$$Lambda") && seen.add(n)) {
                                inclusive.merge(n, 1, Integer::sum);
                            }
                        }
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        List<RecordedFrame> frames = frames(e.getStackTrace());
                        String where = frames.stream().map(JfrSummary::name)
                                .filter(n -> n.startsWith("dk.telemed.") && !n.contains("$$Lambda"))
                                .findFirst().orElse(frames.isEmpty() ? "?" : name(frames.get(0)));
                        allocation.merge(where, (double) e.getLong("weight"), Double::sum);
                    }
                    case "jdk.GarbageCollection" -> {
                        pauses++;
                        pauseSeconds += e.getDuration("sumOfPauses").toNanos() / 1e9;
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recording, e);
        }
        double seconds = first == null ? 0 : Duration.between(first, last).toNanos() / 1e9;
        return new JfrSummary(samples, shares(top, samples, 15), shares(inclusive, samples, 15),
                sharesOf(allocation, 10), pauses, pauseSeconds, seconds);
    }

    private static List<RecordedFrame> frames(RecordedStackTrace trace) {
        return trace == null ? List.of() : trace.getFrames();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static Map<String, Double> shares(Map<String, Integer> counts, int total, int limit) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> total == 0 ? 0 : e.getValue() / (double) total,
                        (a, b) -> a, LinkedHashMap::new));
    }

    private static Map<String, Double> sharesOf(Map<String, Double> weights, int limit) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        return weights.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> total == 0 ? 0 : e.getValue() / total,
                        (a, b) -> a, LinkedHashMap::new));
    }

    /** The first {@code limit} shares as the report writes them: `Class.method` and a rounded percentage each. */
    static String listed(Map<String, Double> shares, int limit) {
        return shares.entrySet().stream().limit(limit)
                .map(e -> "`" + shortName(e.getKey()) + "` " + Math.round(e.getValue() * 100) + " %")
                .collect(Collectors.joining(", "));
    }

    private static String shortName(String method) {
        String[] parts = method.split("\\.");
        return parts.length < 2 ? method : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }
}
