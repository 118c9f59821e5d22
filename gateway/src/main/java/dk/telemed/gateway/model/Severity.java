package dk.telemed.gateway.model;

import java.util.Locale;

/** Alert severities of interface section 3; blue is a planned measurement that did not come. */
public enum Severity {
    RED, YELLOW, BLUE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
