package dk.telemed.gateway.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One state change of an alert, as it goes to nurses' systems (interface section 3) and into
 * the {@code alerts} measurement.
 *
 * @param eventId        unique per event; the webhook-id, the same on every retry
 * @param alertId        stable for the alert's whole life (one open alert per patient, type and rule)
 * @param type           the measurement type's wire name, or {@code device} for a technical alert
 * @param value          the value of the reading that set the alert's current severity (raised or escalated it),
 *                       in {@code unit}; empty when there is none (a missing reading, a device's LO/HI). Later
 *                       readings that keep the alert open are in {@code readings}, never here
 * @param rule           the rule's stable name, e.g. {@code glucose.red.below}
 * @param threshold      the limit the value crossed, when the rule has one
 * @param readingTs      when the reading behind {@code value} was measured (not when it arrived)
 * @param at             when the state changed
 * @param thresholds     the bands that applied when the alert was raised, so it says why even after they change
 * @param late           the reading arrived long after it was measured: not a page "as if now"
 * @param acknowledgedBy who acknowledged (on acknowledged events), with {@code acknowledgedAt} and {@code note}
 * @param readings       when the reading behind {@code value} arrived, the newest alarming reading, and what resolved it
 * @param instruction    what to do, where the threshold set says so for the reading behind {@code value}
 */
public record AlertEvent(String eventId, String alertId, AlertEventType event, String patient, String careTeam,
                         String type, Severity severity, OptionalDouble value, String unit, String rule,
                         OptionalDouble threshold, Optional<Instant> readingTs, Instant at, String message,
                         Optional<Bands> thresholds, boolean late, Optional<String> acknowledgedBy,
                         Optional<Instant> acknowledgedAt, Optional<String> note, AlertReadings readings,
                         Optional<Instruction> instruction) {
    public AlertEvent {
        Objects.requireNonNull(readings, "readings");
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(careTeam, "careTeam");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
    }

    /** An event with no readings besides its own value (a technical alert, a test's event). */
    public AlertEvent(String eventId, String alertId, AlertEventType event, String patient, String careTeam,
                      String type, Severity severity, OptionalDouble value, String unit, String rule,
                      OptionalDouble threshold, Optional<Instant> readingTs, Instant at, String message,
                      Optional<Bands> thresholds, boolean late, Optional<String> acknowledgedBy,
                      Optional<Instant> acknowledgedAt, Optional<String> note) {
        this(eventId, alertId, event, patient, careTeam, type, severity, value, unit, rule, threshold, readingTs, at, message,
                thresholds, late, acknowledgedBy, acknowledgedAt, note, AlertReadings.NONE, Optional.empty());
    }
}
