package dk.telemed.gateway.config;

/**
 * Liveness: how long the gateway may hold messages without storing, judging or acknowledging
 * any while InfluxDB answers before it counts as stalled, and whether it then exits to be
 * started again.
 */
public record HealthConfig(int stallSeconds, boolean exitOnStall) {
    void validate(Problems p) {
        p.between(stallSeconds, 10, 3_600, "health.stallSeconds");
    }
}
