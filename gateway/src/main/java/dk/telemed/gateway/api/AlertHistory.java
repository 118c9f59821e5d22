package dk.telemed.gateway.api;

import dk.telemed.gateway.model.AlertState;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts rebuilt from the {@code alerts} measurement, one point per state change: each alert's
 * latest event body and state, when it was raised (its first point) and, if so, resolved and
 * first acknowledged.
 */
final class AlertHistory {
    /** One point of the measurement. {@code event} is the announced event's JSON body. */
    record Point(Instant at, String alertId, AlertState state, String careTeam, String patient, String event) {
    }

    /** One alert's life as recorded. */
    record Entry(String alertId, String patient, String careTeam, AlertState state, Instant raisedAt,
                 Optional<Instant> acknowledgedAt, Optional<Instant> resolvedAt, Instant lastChange, String lastEvent) {
        JsonObject json() {
            JsonObject body = new JsonObject(lastEvent);
            body.remove("eventId");
            return AlertViews.withState(body, state.wireName(), Optional.of(raisedAt), resolvedAt);
        }
    }

    private AlertHistory() {
    }

    /** Newest change first. */
    static List<Entry> of(List<Point> points) {
        Map<String, List<Point>> byAlert = new LinkedHashMap<>();
        points.stream().sorted(Comparator.comparing(Point::at))
                .forEach(p -> byAlert.computeIfAbsent(p.alertId(), k -> new ArrayList<>()).add(p));
        List<Entry> entries = new ArrayList<>();
        byAlert.forEach((id, list) -> {
            Point first = list.get(0);
            Point last = list.get(list.size() - 1);
            Optional<Instant> acknowledged = list.stream().filter(p -> p.state() == AlertState.ACKNOWLEDGED).map(Point::at).findFirst();
            Optional<Instant> resolved = list.stream().filter(p -> p.state() == AlertState.RESOLVED).map(Point::at).findFirst();
            entries.add(new Entry(id, first.patient(), last.careTeam(), last.state(), first.at(), acknowledged, resolved,
                    last.at(), last.event()));
        });
        entries.sort(Comparator.comparing(Entry::lastChange).reversed());
        return entries;
    }
}
