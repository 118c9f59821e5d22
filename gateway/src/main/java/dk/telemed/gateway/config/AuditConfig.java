package dk.telemed.gateway.config;

/**
 * The audit log is kept in InfluxDB, shared by every gateway; {@code path}, when not empty,
 * names a copy on this host's disk (JSON lines) as well.
 */
public record AuditConfig(String path) {
    void validate(Problems p) {
        p.require(path != null, "audit.path", "must be a file name, or empty for no copy on this host's disk");
    }
}
