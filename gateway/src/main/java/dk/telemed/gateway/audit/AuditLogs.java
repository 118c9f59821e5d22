package dk.telemed.gateway.audit;

/** More than one audit log fed the same entries: the shared log and, optionally, a copy on this host's disk. */
public final class AuditLogs {
    private AuditLogs() {
    }

    public static AuditLog both(AuditLog first, AuditLog second) {
        return new AuditLog() {
            @Override
            public void append(AuditEntry entry) {
                first.append(entry);
                second.append(entry);
            }

            @Override
            public void refusal(String source, AuditEntry entry) {
                first.refusal(source, entry);
                second.refusal(source, entry);
            }
        };
    }
}
