package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.AlertReading;
import dk.telemed.gateway.model.AlertReadings;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Instruction;
import dk.telemed.gateway.model.Severity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * An alert as it stands after its latest state change. Immutable: each change makes a new one.
 *
 * @param value      the value of the reading that set the current severity (raised or escalated the alert), with
 *                   {@code readingTs}, {@code threshold} and {@code message}: these four change together or not at all
 * @param message    the clinical sentence (what was measured when, against which limit); events may add to it
 * @param late       raised by a reading that arrived long after it was measured: not paged as if current
 * @param notifiedAt when the care team was last told (raised, escalated): the unacknowledged-red timer counts from here
 * @param seq        how many events this alert has had; event ids derive from it, so a replay after a crash repeats the same id
 * @param reminders  how many times the timer re-notified an unacknowledged red alert
 * @param raisedAt   when the alert was raised: the start of its period, for the nurse's list and FHIR's Flag
 * @param readings   when the reading behind {@code value} arrived, the newest alarming reading, and what resolved it
 * @param instruction what to do, where the threshold set says so for the reading behind {@code value}
 */
public record OpenAlert(String alertId, AlertKey key, String careTeam, Severity severity, String rule, AlertState state,
                        OptionalDouble value, String unit, OptionalDouble threshold, Optional<Bands> thresholds,
                        Optional<Instant> readingTs, String message, boolean late, Instant notifiedAt, int seq,
                        int reminders, Optional<String> acknowledgedBy, Optional<Instant> acknowledgedAt,
                        Optional<String> note, Instant raisedAt, AlertReadings readings, Optional<Instruction> instruction) {
    public OpenAlert {
        Objects.requireNonNull(readings, "readings");
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(careTeam, "careTeam");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(notifiedAt, "notifiedAt");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }

    /** An alert with no readings besides the one that set its severity (a timer's or a device's alert). */
    public OpenAlert(String alertId, AlertKey key, String careTeam, Severity severity, String rule, AlertState state,
                     OptionalDouble value, String unit, OptionalDouble threshold, Optional<Bands> thresholds,
                     Optional<Instant> readingTs, String message, boolean late, Instant notifiedAt, int seq,
                     int reminders, Optional<String> acknowledgedBy, Optional<Instant> acknowledgedAt,
                     Optional<String> note, Instant raisedAt) {
        this(alertId, key, careTeam, severity, rule, state, value, unit, threshold, thresholds, readingTs, message, late,
                notifiedAt, seq, reminders, acknowledgedBy, acknowledgedAt, note, raisedAt, AlertReadings.NONE, Optional.empty());
    }

    /** The reading an alarm verdict judged, with the time it arrived if it was late: the start of a new severity. */
    static AlertReadings judged(Verdict.Alarm a, boolean late, Instant now) {
        return a.readingTs().map(ts -> new AlertReadings(late ? Optional.of(now) : Optional.empty(),
                Optional.of(new AlertReading(a.value(), ts)), Optional.empty())).orElse(AlertReadings.NONE);
    }

    /** When the newest alarming reading was measured: a reading older than this neither updates nor resolves the alert. */
    Optional<Instant> lastAlarmTs() {
        return readings.latest().map(AlertReading::readingTs).or(() -> readingTs);
    }

    /** Derived from the identity and the reading that raised it, so a replayed reading raises the same alert id. */
    static String newId(AlertKey key, Instant anchor) {
        return UUID.nameUUIDFromBytes((key.id() + "|" + anchor).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String eventId(String alertId, int seq, String careTeam) {
        return UUID.nameUUIDFromBytes((alertId + "|" + seq + "|" + careTeam).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The event announcing this state, to this alert's care team. */
    public AlertEvent event(AlertEventType type, Instant at, String eventMessage) {
        return eventTo(careTeam, type, at, eventMessage);
    }

    /** The same event to another team (the escalation team); its own event id, the same alert id. */
    public AlertEvent eventTo(String team, AlertEventType type, Instant at, String eventMessage) {
        return new AlertEvent(eventId(alertId, seq, team), alertId, type, key.patient(), team, key.type(), severity, value,
                unit, rule, threshold, readingTs, at, eventMessage, thresholds, late, acknowledgedBy, acknowledgedAt, note, readings, instruction);
    }

    /** The same alert, from now on for the patient's new care team (the patient moved). */
    OpenAlert withCareTeam(String team) {
        return new OpenAlert(alertId, key, team, severity, rule, state, value, unit, threshold, thresholds, readingTs,
                message, late, notifiedAt, seq, reminders, acknowledgedBy, acknowledgedAt, note, raisedAt);
    }

    OpenAlert withState(AlertState next) {
        return new OpenAlert(alertId, key, careTeam, severity, rule, next, value, unit, threshold, thresholds, readingTs,
                message, late, notifiedAt, seq + 1, reminders, acknowledgedBy, acknowledgedAt, note, raisedAt, readings, instruction);
    }

    /** A worse reading of the same identity: new severity, rule and limits, and a nurse must acknowledge again. */
    OpenAlert escalatedBy(Verdict.Alarm a, boolean lateReading, String text, Instant now, Optional<Instruction> instruction) {
        return new OpenAlert(alertId, key, careTeam, a.severity(), a.rule(), AlertState.ESCALATED, a.value(), a.unit(),
                a.threshold(), a.thresholds(), a.readingTs(), text, lateReading, now, seq + 1, 0,
                Optional.empty(), Optional.empty(), Optional.empty(), raisedAt, judged(a, lateReading, now), instruction);
    }

    /**
     * Another alarming reading at the same or a lower severity: remembered as the latest reading, not announced.
     * The value, limit and sentence stay those of the reading that set the severity.
     */
    OpenAlert updatedBy(Verdict.Alarm a, boolean lateReading, Instant now) {
        boolean nowCurrent = late && !lateReading;
        AlertReadings next = a.readingTs().map(ts -> readings.withLatest(new AlertReading(a.value(), ts))).orElse(readings);
        return new OpenAlert(alertId, key, careTeam, severity, rule, state, value, unit, threshold, thresholds,
                readingTs, message, late && lateReading, nowCurrent ? now : notifiedAt, seq, reminders,
                acknowledgedBy, acknowledgedAt, note, raisedAt, next, instruction);
    }

    OpenAlert reminded(Instant now) {
        return new OpenAlert(alertId, key, careTeam, severity, rule, AlertState.ESCALATED, value, unit, threshold,
                thresholds, readingTs, message, late, now, seq + 1, reminders + 1, acknowledgedBy, acknowledgedAt, note, raisedAt,
                readings, instruction);
    }

    OpenAlert acknowledged(String by, Instant at, Optional<String> text) {
        return new OpenAlert(alertId, key, careTeam, severity, rule, AlertState.ACKNOWLEDGED, value, unit, threshold,
                thresholds, readingTs, message, late, notifiedAt, seq + 1, reminders, Optional.of(by), Optional.of(at), text, raisedAt,
                readings, instruction);
    }

    /** Resolved: what raised it stays as it was; the reading that resolved it is kept beside it. */
    OpenAlert resolvedBy(Verdict.Clear c) {
        AlertReadings next = readings.withResolvedBy(c.readingTs().map(ts -> new AlertReading(c.value(), ts)));
        return new OpenAlert(alertId, key, careTeam, severity, rule, AlertState.RESOLVED, value, unit, threshold,
                thresholds, readingTs, message, late, notifiedAt, seq + 1, reminders,
                acknowledgedBy, acknowledgedAt, note, raisedAt, next, instruction);
    }
}
