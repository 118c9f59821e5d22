package dk.telemed.gateway.model;


import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an alert is in its life: raised → (escalated) → acknowledged → resolved. */
public enum AlertState {
    RAISED, ESCALATED, ACKNOWLEDGED, RESOLVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertState> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    /** The state an event leaves the alert in. */
    public static AlertState after(AlertEventType event) {
        return switch (event) {
            case RAISED -> RAISED;
            case ESCALATED -> ESCALATED;
            case ACKNOWLEDGED -> ACKNOWLEDGED;
            case RESOLVED -> RESOLVED;
        };
    }

    /** Still waiting for a nurse: the unacknowledged-red timer applies. */
    public boolean awaitsAcknowledgement() {
        return this == RAISED || this == ESCALATED;
    }
}
