package dk.telemed.testsupport;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replacing single-valued settings ({@code key value} lines) in a rendered mosquitto.conf. */
final class MosquittoSettings {
    private MosquittoSettings() {
    }

    /**
     * Replaces the value of each named setting. A name the config does not set is an
     * error: a typo would otherwise leave the default silently in force.
     */
    static String override(String config, Map<String, String> settings) {
        String result = config;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            Pattern line = Pattern.compile("(?m)^" + Pattern.quote(e.getKey()) + "[ \\t]+.*$");
            Matcher m = line.matcher(result);
            if (!m.find()) {
                throw new IllegalArgumentException("config/mosquitto.conf does not set '" + e.getKey()
                        + "'; only its settings can be overridden");
            }
            result = m.replaceAll(Matcher.quoteReplacement(e.getKey() + " " + e.getValue()));
        }
        return result;
    }
}
