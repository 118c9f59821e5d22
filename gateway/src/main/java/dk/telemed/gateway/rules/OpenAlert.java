package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.Bands;
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
 * @param message    the clinical sentence (what was measured, against which limit); events may add to it
 * @param late       raised by a reading that arrived long after it was measured: not paged as if current
 * @param notifiedAt when the care team was last told (raised, escalated): the unacknowledged-red timer counts from here
 * @param seq        how many events this alert has had; event ids derive from it, so a replay after a crash repeats the same id
 * @param reminders  how many times the timer re-notified an unacknowledged red alert
 * @param raisedAt   when the alert was raised: the start of its period, for the nurse's list and FHIR's Flag
 */
public record OpenAlert(String alertId, AlertKey key, String careTeam, Severity severity, String rule, AlertState state,
                        OptionalDouble value, String unit, OptionalDouble threshold, Optional<Bands> thresholds,
                        Optional<Instant> readingTs, String message, boolean late, Instant notifiedAt, int seq,
                        int reminders, Optional<String> acknowledgedBy, Optional<Instant> acknowledgedAt,
                        Optional<String> note, Instant raisedAt) {
    public OpenAlert {
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
                unit, rule, threshold, readingTs, at, eventMessage, thresholds, late, acknowledgedBy, acknowledgedAt, note);
    }

    /** The same alert, from now on for the patient's new care team (the patient moved). */
    OpenAlert withCareTeam(String team) {
        return new OpenAlert(alertId, key, team, severity, rule, state, value, unit, threshold, thresholds, readingTs,
                message, late, notifiedAt, seq, reminders, acknowledgedBy, acknowledgedAt, note, raisedAt);
    }

    OpenAlert withState(AlertState next) {
        return new OpenAlert(alertId, key, careTeam, severity, rule, next, value, unit, threshold, thresholds, readingTs,
                message, late, notifiedAt, seq + 1, reminders, acknowledgedBy, acknowledgedAt, note, raisedAt);
    }

    /** A worse reading of the same identity: new severity, rule and limits, and a nurse must acknowledge again. */
    OpenAlert escalatedBy(Verdict.Alarm a, boolean lateReading, String text, Instant now) {
        return new OpenAlert(alertId, key, careTeam, a.severity(), a.rule(), AlertState.ESCALATED, a.value(), a.unit(),
                a.threshold(), a.thresholds(), a.readingTs(), text, lateReading, now, seq + 1, 0,
                Optional.empty(), Optional.empty(), Optional.empty(), raisedAt);
    }

    /** Another alarming reading at the same or a lower severity: remembered, not announced. */
    OpenAlert updatedBy(Verdict.Alarm a, boolean lateReading, Instant now) {
        boolean nowCurrent = late && !lateReading;
        return new OpenAlert(alertId, key, careTeam, severity, rule, state, a.value(), unit, threshold, thresholds,
                a.readingTs(), message, late && lateReading, nowCurrent ? now : notifiedAt, seq, reminders,
                acknowledgedBy, acknowledgedAt, note, raisedAt);
    }

    OpenAlert reminded(Instant now) {
        return new OpenAlert(alertId, key, careTeam, severity, rule, AlertState.ESCALATED, value, unit, threshold,
                thresholds, readingTs, message, late, now, seq + 1, reminders + 1, acknowledgedBy, acknowledgedAt, note, raisedAt);
    }

    OpenAlert acknowledged(String by, Instant at, Optional<String> text) {
        return new OpenAlert(alertId, key, careTeam, severity, rule, AlertState.ACKNOWLEDGED, value, unit, threshold,
                thresholds, readingTs, message, late, notifiedAt, seq + 1, reminders, Optional.of(by), Optional.of(at), text, raisedAt);
    }

    OpenAlert resolvedBy(Verdict.Clear c) {
        return new OpenAlert(alertId, key, careTeam, severity, rule, AlertState.RESOLVED, c.value(), unit, threshold,
                thresholds, c.readingTs().or(() -> readingTs), message, late, notifiedAt, seq + 1, reminders,
                acknowledgedBy, acknowledgedAt, note, raisedAt);
    }
}
