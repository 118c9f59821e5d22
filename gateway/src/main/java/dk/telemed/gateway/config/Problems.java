package dk.telemed.gateway.config;

import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems so that one start reports all of them at once. */
final class Problems {
    private final List<String> problems = new ArrayList<>();

    void require(boolean ok, String key, String what) {
        if (!ok) {
            problems.add(key + ": " + what);
        }
    }

    void atLeast(long value, long min, String key) {
        require(value >= min, key, "must be at least " + min + ", is " + value);
    }

    void between(long value, long min, long max, String key) {
        require(value >= min && value <= max, key, "must be between " + min + " and " + max + ", is " + value);
    }

    void url(String value, String key, String... schemes) {
        if (value == null || value.isBlank()) {
            problems.add(key + ": must not be empty");
            return;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            boolean schemeOk = uri.getScheme() != null && List.of(schemes).contains(uri.getScheme());
            require(schemeOk && uri.getHost() != null, key,
                    "'" + value + "' is not a URL of the form " + String.join(" or ", List.of(schemes)) + "://host:port");
        } catch (java.net.URISyntaxException e) {
            problems.add(key + ": '" + value + "' is not a URL: " + e.getReason());
        }
    }

    List<String> list() {
        return List.copyOf(problems);
    }
}
