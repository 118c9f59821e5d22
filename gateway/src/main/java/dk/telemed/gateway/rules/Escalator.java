package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Re-notifies red alerts nobody acknowledged in time, optionally to a second care team (the
 * municipal acute team). Never for a late alert: a reading stored hours after it was measured
 * is not paged as if it were happening now. Yellow and blue alerts wait for the working day.
 */
public final class Escalator {
    private final Duration after;
    private final int maxReminders;
    private final Optional<String> escalationTeam;

    /**
     * @param after          how long a red alert may wait for an acknowledgement before it is re-notified
     * @param maxReminders   at most this many re-notifications per alert
     * @param escalationTeam who else is told on a re-notification
     */
    public Escalator(Duration after, int maxReminders, Optional<String> escalationTeam) {
        this.after = after;
        this.maxReminders = maxReminders;
        this.escalationTeam = escalationTeam;
    }

    public List<AlertChange> due(AlertLifecycle lifecycle, Instant now) {
        List<AlertChange> changes = new ArrayList<>();
        for (OpenAlert alert : lifecycle.open()) {
            if (isDue(alert, now)) {
                lifecycle.remind(alert.key(), escalationTeam.stream().toList())
                        .ifPresent(changes::add);
            }
        }
        return changes;
    }

    boolean isDue(OpenAlert alert, Instant now) {
        return alert.severity() == Severity.RED && alert.state().awaitsAcknowledgement() && !alert.late()
                && alert.reminders() < maxReminders && !now.isBefore(alert.notifiedAt().plus(after));
    }
}
