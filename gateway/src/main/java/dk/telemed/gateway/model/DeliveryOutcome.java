package dk.telemed.gateway.model;

import java.util.Locale;

/** How one attempt to hand an alert event to a nurses' system ended. */
public enum DeliveryOutcome {
    DELIVERED, RETRYING, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
