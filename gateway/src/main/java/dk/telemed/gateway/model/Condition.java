package dk.telemed.gateway.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The chronic conditions a patient is monitored for; each brings its own default thresholds and plan. */
public enum Condition {
    COPD, DIABETES;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Condition> fromWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
    }

    public static String knownWireNames() {
        return Arrays.stream(values()).map(Condition::wireName).collect(Collectors.joining(", "));
    }
}
