package dk.telemed.gateway.audit;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

/** An audit entry as one JSON object: the line format of the log and the body of {@code GET /api/audit}. */
public final class AuditEntryJson {
    private AuditEntryJson() {
    }

    public static JsonObject toJson(AuditEntry e) {
        return new JsonObject()
                .put("at", e.at().toString())
                .put("username", e.username())
                .put("role", e.role())
                .put("action", e.action())
                .put("patient", e.patient().orElse(null))
                .put("outcome", e.outcome())
                .put("detail", e.detail());
    }

    /** Throws on a line that is not an entry (a torn last line after a crash); the caller skips it. */
    public static AuditEntry fromJson(JsonObject o) {
        return new AuditEntry(Instant.parse(o.getString("at")), o.getString("username"), o.getString("role"),
                o.getString("action"), Optional.ofNullable(o.getString("patient")), o.getString("outcome"),
                o.getString("detail"));
    }
}
