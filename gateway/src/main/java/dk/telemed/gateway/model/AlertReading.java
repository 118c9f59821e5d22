package dk.telemed.gateway.model;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One reading an alert refers to: its value in the alert's unit (empty for a device's LO/HI)
 * and when it was measured.
 */
public record AlertReading(OptionalDouble value, Instant readingTs) {
    public AlertReading {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(readingTs, "readingTs");
    }
}
