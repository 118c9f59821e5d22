package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.Instruction;
import dk.telemed.gateway.model.Severity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The open alerts and every way they change: one open alert per identity ({@link AlertKey}),
 * raised → (escalated) → acknowledged → resolved. A second alarming reading updates the open
 * alert instead of raising another; a worse one escalates it; only a clear verdict newer
 * than the last alarming reading resolves it. Pure state: no I/O, time from the clock.
 * Every event of a patient's clinical alert goes to the patient's current care team: an
 * alert raised before the patient moved to another team follows the patient, so the old team
 * hears no more of it. A device's alert stays with the technical team it was raised for.
 *
 * <p>Used from one event-loop context only.
 */
public final class AlertLifecycle {
    private final Clock clock;
    private final Duration lateAfter;
    private final ZoneId zone;
    private final Instructions instructions;
    /** The team an alert of this key belongs to now (the patient's, per the registry), or empty to keep its team. */
    private final Function<AlertKey, Optional<String>> currentTeam;
    private final Map<AlertKey, OpenAlert> open = new HashMap<>();
    private final Map<String, AlertKey> keyById = new HashMap<>();
    /** The id of each identity's last resolved alert: the reading that raised it does not raise it again. */
    private final Map<AlertKey, String> lastResolved = new HashMap<>();
    private Instant lastStamp = Instant.EPOCH;

    /** @param lateAfter a reading measured longer than this before it arrived is late */
    public AlertLifecycle(Clock clock, Duration lateAfter, ZoneId zone) {
        this(clock, lateAfter, zone, Instructions.NONE, key -> Optional.empty());
    }

    /** @param instructions what to do, told with the alert where the reading that sets its severity calls for it */
    public AlertLifecycle(Clock clock, Duration lateAfter, ZoneId zone, Instructions instructions) {
        this(clock, lateAfter, zone, instructions, key -> Optional.empty());
    }

    /** @param currentTeam the team an alert of this key belongs to now; empty keeps the team the alert has */
    public AlertLifecycle(Clock clock, Duration lateAfter, ZoneId zone, Function<AlertKey, Optional<String>> currentTeam) {
        this(clock, lateAfter, zone, Instructions.NONE, currentTeam);
    }

    /**
     * @param instructions what to do, told with the alert where the reading that sets its severity calls for it
     * @param currentTeam  the team an alert of this key belongs to now; empty keeps the team the alert has
     */
    public AlertLifecycle(Clock clock, Duration lateAfter, ZoneId zone, Instructions instructions,
                          Function<AlertKey, Optional<String>> currentTeam) {
        this.clock = clock;
        this.lateAfter = lateAfter;
        this.zone = zone;
        this.instructions = instructions;
        this.currentTeam = currentTeam;
    }

    public Optional<AlertChange> apply(Verdict verdict) {
        // Java 17 has no pattern switch; the interface is sealed to these two.
        return verdict instanceof Verdict.Alarm a ? alarm(a) : clear((Verdict.Clear) verdict);
    }

    private Optional<AlertChange> alarm(Verdict.Alarm a) {
        Instant now = stamp();
        boolean late = isLate(a, now);
        OpenAlert existing = open.get(a.key());
        if (existing == null) {
            String id = OpenAlert.newId(a.key(), a.readingTs().orElse(now));
            if (id.equals(lastResolved.get(a.key()))) {
                // The same reading judged again (its message redelivered after a lost acknowledgement):
                // that alert was raised, and resolved since.
                return Optional.empty();
            }
            Optional<Instruction> todo = instructions.of(a);
            String text = sentence(a, late, now, todo);
            OpenAlert raised = new OpenAlert(id, a.key(), a.careTeam(),
                    a.severity(), a.rule(), AlertState.RAISED, a.value(), a.unit(), a.threshold(), a.thresholds(),
                    a.readingTs(), text, late, now, 1, 0, Optional.empty(), Optional.empty(), Optional.empty(), now,
                    OpenAlert.judged(a, late, now), todo);
            return Optional.of(change(raised, AlertEventType.RAISED, now, text));
        }
        if (olderThanLastAlarm(a.readingTs(), existing)) {
            return Optional.empty();
        }
        Optional<Instruction> todo = instructions.of(a);
        // A reading that calls for action where the open alert did not (ketones from 2.0 to 3.5, both red) is a worsening too.
        if (moreSevere(a.severity(), existing.severity())
                || (a.severity() == existing.severity() && todo.isPresent() && existing.instruction().isEmpty())) {
            String text = sentence(a, late, now, todo);
            return Optional.of(change(existing.escalatedBy(a, late, text, now, todo), AlertEventType.ESCALATED, now, text));
        }
        put(existing.updatedBy(a, late, now));
        return Optional.empty();
    }

    private Optional<AlertChange> clear(Verdict.Clear c) {
        OpenAlert existing = open.get(c.key());
        if (existing == null || (c.readingTs().isPresent() && !isAfterLastAlarm(c.readingTs().get(), existing))) {
            return Optional.empty();
        }
        Instant now = stamp();
        // What resolved it, then what raised it: a resolved event alone still says both, each with its own reading.
        String text = c.message() + c.readingTs().map(ts -> " (measured " + Wording.when(ts, zone) + ")").orElse("")
                + "; raised by: " + existing.message();
        return Optional.of(change(existing.resolvedBy(c), AlertEventType.RESOLVED, now, text));
    }

    /**
     * A nurse took the alert on. Idempotent: acknowledging an acknowledged alert changes nothing.
     *
     * @throws NoSuchElementException when no open alert has this id (unknown, or already resolved)
     */
    public Optional<AlertChange> acknowledge(String alertId, String username, Optional<String> note) {
        OpenAlert alert = find(alertId).orElseThrow(() -> new NoSuchElementException("no open alert " + alertId));
        if (alert.state() == AlertState.ACKNOWLEDGED) {
            return Optional.empty();
        }
        Instant now = stamp();
        OpenAlert acknowledged = alert.acknowledged(username, now, note);
        return Optional.of(change(acknowledged, AlertEventType.ACKNOWLEDGED, now,
                "Acknowledged by " + username + ": " + alert.message()));
    }

    /** Re-notifies an unacknowledged alert (the escalation timer), also to {@code alsoTo} teams. */
    Optional<AlertChange> remind(AlertKey key, List<String> alsoTo) {
        OpenAlert alert = open.get(key);
        if (alert == null || !alert.state().awaitsAcknowledgement()) {
            return Optional.empty();
        }
        Instant now = stamp();
        OpenAlert reminded = followPatient(alert.reminded(now));
        put(reminded);
        String text = "Not acknowledged (reminder " + reminded.reminders() + "): " + alert.message();
        List<dk.telemed.gateway.model.AlertEvent> events = new ArrayList<>();
        events.add(reminded.event(AlertEventType.ESCALATED, now, text));
        alsoTo.stream().filter(team -> !team.equals(reminded.careTeam()))
                .forEach(team -> events.add(reminded.eventTo(team, AlertEventType.ESCALATED, now, text)));
        return Optional.of(new AlertChange(reminded, events));
    }

    /** Takes back an alert rebuilt from the store at start, so a restart neither forgets nor repeats it. */
    public void restore(OpenAlert alert) {
        if (alert.state() != AlertState.RESOLVED) {
            put(alert);
        }
    }

    /** For the metrics scrape, from another thread: a size read needs no lock to be good enough. */
    public int openCount() {
        return open.size();
    }

    public Collection<OpenAlert> open() {
        return List.copyOf(open.values());
    }

    public Optional<OpenAlert> find(String alertId) {
        return Optional.ofNullable(keyById.get(alertId)).map(open::get);
    }

    public Optional<OpenAlert> find(AlertKey key) {
        return Optional.ofNullable(open.get(key));
    }

    private AlertChange change(OpenAlert changed, AlertEventType type, Instant now, String text) {
        OpenAlert next = followPatient(changed);
        if (next.state() == AlertState.RESOLVED) {
            open.remove(next.key());
            keyById.remove(next.alertId());
            lastResolved.put(next.key(), next.alertId());
        } else {
            put(next);
        }
        return new AlertChange(next, List.of(next.event(type, now, text)));
    }

    private OpenAlert followPatient(OpenAlert alert) {
        return currentTeam.apply(alert.key()).filter(team -> !team.equals(alert.careTeam()))
                .map(alert::withCareTeam).orElse(alert);
    }

    private void put(OpenAlert alert) {
        open.put(alert.key(), alert);
        keyById.put(alert.alertId(), alert.key());
    }

    private boolean isLate(Verdict.Alarm a, Instant now) {
        return a.readingTs().map(ts -> ts.isBefore(now.minus(lateAfter))).orElse(false);
    }

    /**
     * The rule's sentence with when its reading was measured, and for a late reading also how much later it
     * was received: the alert's sentence until its severity changes, whatever later readings keep it open.
     */
    private String sentence(Verdict.Alarm a, boolean late, Instant now, Optional<Instruction> todo) {
        String todoText = todo.map(i -> ". " + i.en()).orElse("");
        if (a.readingTs().isEmpty()) {
            return a.message() + todoText;
        }
        Instant measured = a.readingTs().get();
        return a.message() + (late
                ? " (late: measured " + Wording.when(measured, zone) + ", received " + Wording.span(Duration.between(measured, now)) + " later)"
                : " (measured " + Wording.when(measured, zone) + ")") + todoText;
    }

    private static boolean olderThanLastAlarm(Optional<Instant> ts, OpenAlert alert) {
        Optional<Instant> last = alert.lastAlarmTs();
        return ts.isPresent() && last.isPresent() && ts.get().isBefore(last.get());
    }

    private static boolean isAfterLastAlarm(Instant ts, OpenAlert alert) {
        return alert.lastAlarmTs().map(ts::isAfter).orElse(true);
    }

    /** Red is worse than yellow is worse than blue. */
    static boolean moreSevere(Severity a, Severity b) {
        return a.ordinal() < b.ordinal();
    }

    /**
     * The time of a state change, strictly after the previous one: two changes of one alert
     * in the same microsecond would otherwise be one point in the {@code alerts} measurement.
     */
    private Instant stamp() {
        Instant now = clock.instant();
        lastStamp = now.isAfter(lastStamp) ? now : lastStamp.plusNanos(1000);
        return lastStamp;
    }
}
