package dk.telemed.gateway.model;

import java.util.regex.Pattern;

/**
 * Device ids, pseudonymous patient ids and care-team names all end up as MQTT topic levels
 * and InfluxDB tags, so they share the interface's safe alphabet.
 */
public final class Identifiers {
    public static final String PATTERN_TEXT = "[A-Za-z0-9._-]{1,64}";
    private static final Pattern PATTERN = Pattern.compile(PATTERN_TEXT);

    private Identifiers() {
    }

    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }
}
