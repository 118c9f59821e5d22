package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertEvent;

import java.util.List;
import java.util.Objects;

/**
 * One state change: the alert as it now stands (what the {@code alerts} measurement records)
 * and the events that announce it, the first to the alert's own care team and any further
 * ones to the escalation team.
 */
public record AlertChange(OpenAlert alert, List<AlertEvent> events) {
    public AlertChange {
        Objects.requireNonNull(alert, "alert");
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a state change is announced by at least one event");
        }
    }

    public AlertEvent event() {
        return events.get(0);
    }
}
