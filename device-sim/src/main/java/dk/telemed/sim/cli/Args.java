package dk.telemed.sim.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code --name value} / {@code --name=value} options of one command, checked against what it accepts. */
final class Args {

    private final String command;
    private final Map<String, String> values;

    private Args(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    static Args parse(String command, List<String> tokens, Set<String> known) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!token.startsWith("--") || token.length() == 2) {
                throw new UsageException("unexpected argument '" + token + "' for " + command);
            }
            String name;
            String value;
            int eq = token.indexOf('=');
            if (eq > 0) {
                name = token.substring(2, eq);
                value = token.substring(eq + 1);
            } else {
                name = token.substring(2);
                if (i + 1 >= tokens.size() || tokens.get(i + 1).startsWith("--")) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = tokens.get(++i);
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name + " for " + command);
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return new Args(command, values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name, String example) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException(command + " needs --" + name + " " + example);
        }
        return v;
    }

    long longValue(String name, long fallback, long min, long max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    int intValue(String name, int fallback, int min, int max) throws UsageException {
        return (int) longValue(name, fallback, min, max);
    }

    /** A decimal number in (min, max] when {@code exclusiveMin}, else [min, max]. */
    double doubleValue(String name, double fallback, double min, boolean exclusiveMin, double max)
            throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
        boolean tooLow = exclusiveMin ? !(parsed > min) : !(parsed >= min);
        if (tooLow || !(parsed <= max)) {
            throw new UsageException(String.format(Locale.ROOT, "--%s must be %s %s and at most %s, got %s", name,
                    exclusiveMin ? "above" : "at least", plain(min), plain(max), v));
        }
        return parsed;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
