package dk.telemed.gateway.config;

/** Where the audit log is appended (JSON lines). */
public record AuditConfig(String path) {
    void validate(Problems p) {
        p.require(path != null && !path.isBlank(), "audit.path", "must name the audit log file");
    }
}
