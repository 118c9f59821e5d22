package dk.telemed.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small parser of the Prometheus text exposition format (what Micrometer serves on
 * {@code /metrics}), enough for tests to read counters and timers.
 */
public final class PrometheusText {
    /** One sample line: {@code name{labels} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PrometheusText() {
    }

    /** All samples; comments ({@code # HELP}, {@code # TYPE}, {@code # EOF}) and blank lines are skipped. */
    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            try {
                samples.add(parseLine(trimmed));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad Prometheus line " + lineNumber + ": " + line, e);
            }
        }
        return samples;
    }

    /**
     * The sum of the samples named exactly {@code name} whose labels include every given
     * label (other labels may have any value); 0 when none match. Labels are given either
     * as {@code "key=value"} strings or as alternating key, value arguments:
     * {@code sum(text, "telemed_readings_rejected_total", "code=out_of_range")} and
     * {@code sum(text, "telemed_readings_rejected_total", "code", "out_of_range")} are the same.
     */
    public static double sum(String text, String name, String... labelPairs) {
        Map<String, String> wanted = pairs(labelPairs);
        double sum = 0;
        for (Sample s : parse(text)) {
            if (s.name().equals(name) && s.labels().entrySet().containsAll(wanted.entrySet())) {
                sum += s.value();
            }
        }
        return sum;
    }

    /**
     * Both spellings are accepted because both read naturally at the call site. They
     * cannot be confused: a label name never contains '=', so when every argument has
     * one they are "key=value" strings, and otherwise they alternate key, value.
     */
    static Map<String, String> pairs(String... labelPairs) {
        Map<String, String> wanted = new LinkedHashMap<>();
        boolean keyEqualsValue = Arrays.stream(labelPairs).allMatch(p -> p.indexOf('=') > 0);
        if (keyEqualsValue) {
            for (String pair : labelPairs) {
                int eq = pair.indexOf('=');
                wanted.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return wanted;
        }
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be \"key=value\" strings or alternating key, value;"
                    + " got " + Arrays.toString(labelPairs));
        }
        for (int i = 0; i < labelPairs.length; i += 2) {
            if (!LABEL_NAME.matcher(labelPairs[i]).matches()) {
                throw new IllegalArgumentException("not a label name: \"" + labelPairs[i] + "\" in "
                        + Arrays.toString(labelPairs));
            }
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return wanted;
    }

    private static Sample parseLine(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no metric name");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = parseLabels(line, i + 1, labels);
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length == 0 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("no value");
        }
        return new Sample(name, labels, parseValue(rest[0]));
    }

    /** Parses {@code a="x",b="y"}} from {@code i}; returns the index after the closing brace. */
    private static int parseLabels(String line, int i, Map<String, String> labels) {
        while (true) {
            while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
                i++;
            }
            if (i >= line.length()) {
                throw new IllegalArgumentException("unterminated labels");
            }
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("label without =\"value\" at " + i);
            }
            String key = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            i = eq + 2;
            while (true) {
                if (i >= line.length()) {
                    throw new IllegalArgumentException("unterminated label value");
                }
                char c = line.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && i < line.length()) {
                    char escaped = line.charAt(i++);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            labels.put(key, value.toString());
        }
    }

    private static double parseValue(String token) {
        return switch (token) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(token);
        };
    }
}
