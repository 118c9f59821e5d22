package dk.telemed.gateway.model;

import java.util.Locale;

/** The state changes of an alert that go out to nurses' systems (interface section 3). */
public enum AlertEventType {
    RAISED, ESCALATED, ACKNOWLEDGED, RESOLVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
