package dk.telemed.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the config templates ({@code config/*.conf}) the way scripts/services.sh does:
 * plain text substitution of {@code ${NAME}}, no escaping, no expressions.
 */
public final class Templates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    // Neither mosquitto.conf nor TOML can carry these in an unquoted/quoted path reliably.
    private static final Pattern UNSAFE_IN_CONFIG = Pattern.compile("[\\s\"'\\\\]");

    private Templates() {
    }

    /**
     * Replaces every {@code ${NAME}} with its value. A placeholder without a value is an
     * error, not left in place: the service would otherwise start with a literal
     * "${PORT}" and fail far from the cause.
     */
    public static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length());
        Set<String> missing = new TreeSet<>();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                missing.add(m.group(1));
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("template placeholders without a value: " + missing);
        }
        return out.toString();
    }

    /** Renders {@code template} into {@code target}. */
    public static void renderFile(Path template, Path target, Map<String, String> values) {
        try {
            String text = Files.readString(template, StandardCharsets.UTF_8);
            String rendered;
            try {
                rendered = render(text, values);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(template + ": " + e.getMessage(), e);
            }
            Files.writeString(target, rendered, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + template + " to " + target, e);
        }
    }

    /** The path as a config value; refuses characters the config formats cannot take. */
    public static String configSafe(Path path) {
        String text = path.toAbsolutePath().normalize().toString();
        if (UNSAFE_IN_CONFIG.matcher(text).find()) {
            throw new IllegalArgumentException(
                    "work directory must not contain whitespace, quotes or backslashes: " + text);
        }
        return text;
    }
}
