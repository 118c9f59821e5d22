package dk.telemed.gateway.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The readings behind an alert besides the one that set its current severity (an event's
 * {@code value} and {@code readingTs}), so that no sentence pairs one reading's value with
 * another's limit.
 *
 * @param receivedAt when the reading that set the current severity reached the gateway, if it arrived late
 *                   (measured more than {@code rules.lateAfterMinutes} before): with {@code readingTs} it shows
 *                   both times; empty for a reading that arrived on time
 * @param latest     the newest alarming reading, which updates an open alert without changing its severity
 * @param resolvedBy the reading that resolved the alert (on resolved events)
 */
public record AlertReadings(Optional<Instant> receivedAt, Optional<AlertReading> latest, Optional<AlertReading> resolvedBy) {
    public static final AlertReadings NONE = new AlertReadings(Optional.empty(), Optional.empty(), Optional.empty());

    public AlertReadings {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(resolvedBy, "resolvedBy");
    }

    public AlertReadings withLatest(AlertReading reading) {
        return new AlertReadings(receivedAt, Optional.of(reading), resolvedBy);
    }

    public AlertReadings withResolvedBy(Optional<AlertReading> reading) {
        return new AlertReadings(receivedAt, latest, reading);
    }
}
