package dk.telemed.gateway.audit;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads the audit log back, for admins. */
public interface AuditReader {
    /** At most {@code limit} entries before {@code before} (all when empty), newest first. */
    Future<List<AuditEntry>> recent(int limit, Optional<Instant> before);
}
