package dk.telemed.gateway.audit;

/** Appends to the audit log. No operation edits or removes an entry. */
public interface AuditLog {
    void append(AuditEntry entry);

    /**
     * A refused anonymous or failed request (no token, a failed or throttled sign-in) from
     * {@code source} (the client's address): such refusals may be folded into one entry per
     * source per minute, so a flood of them cannot crowd out the entries of real users.
     */
    default void refusal(String source, AuditEntry entry) {
        append(entry);
    }
}
