package dk.telemed.gateway.audit;

/** Appends to the audit log. No operation edits or removes an entry. */
public interface AuditLog {
    void append(AuditEntry entry);
}
