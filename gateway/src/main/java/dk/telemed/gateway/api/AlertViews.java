package dk.telemed.gateway.api;

import dk.telemed.gateway.alerts.AlertEventJson;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

/**
 * An alert as the API shows it: the body of interface section 3 (in its one JSON form) plus
 * {@code state}, {@code acknowledgedBy}, {@code acknowledgedAt}, {@code note}, {@code raisedAt}
 * and {@code resolvedAt} (null when not known or not yet).
 */
final class AlertViews {
    private final AlertEventJson json = new AlertEventJson();

    /** An open alert as the rules hold it; {@code at} is its latest announced change. */
    JsonObject open(OpenAlert a) {
        Instant at = a.acknowledgedAt().orElse(a.notifiedAt());
        JsonObject body = new JsonObject(Buffer.buffer(json.write(
                a.event(AlertEventType.valueOf(a.state().name()), at, a.message()))));
        body.remove("eventId");
        return withState(body, a.state().wireName(), Optional.of(a.raisedAt()), Optional.empty());
    }

    static JsonObject withState(JsonObject body, String state, Optional<Instant> raisedAt, Optional<Instant> resolvedAt) {
        body.put("state", state);
        body.put("acknowledgedBy", body.getString("acknowledgedBy"));
        body.put("acknowledgedAt", body.getString("acknowledgedAt"));
        body.put("note", body.getString("note"));
        body.put("raisedAt", raisedAt.map(Instant::toString).orElse(null));
        body.put("resolvedAt", resolvedAt.map(Instant::toString).orElse(null));
        return body;
    }
}
