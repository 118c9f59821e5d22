package dk.telemed.gateway.config;

public record RegistryConfig(String path, int reloadIntervalMs) {
    void validate(Problems p) {
        p.require(path != null && !path.isBlank(), "registry.path", "must name the patient registry file");
        p.atLeast(reloadIntervalMs, 100, "registry.reloadIntervalMs");
    }
}
