package dk.telemed.gateway.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of the audit log: who did what to (or saw) which patient, when, and whether it
 * was allowed. {@code patient} is the pseudonymous id; {@code detail} never holds a name.
 */
public record AuditEntry(Instant at, String username, String role, String action, Optional<String> patient,
                         String outcome, String detail) {
}
