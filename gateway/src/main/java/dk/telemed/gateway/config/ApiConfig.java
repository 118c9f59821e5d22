package dk.telemed.gateway.config;

/** The clinical JSON API's settings (see {@code api:} in {@code config/gateway.yaml}). */
public record ApiConfig(int latestLookbackDays, int latestCacheSeconds, int sparklineCacheSeconds, int maxSparklineDays,
                        int maxPoints, int maxReadingsDays, int alertsLookbackDays, int eventReadingIntervalMs,
                        int eventHeartbeatSeconds, int maxEventStreams) {
    void validate(Problems p) {
        p.between(latestLookbackDays, 1, 3650, "api.latestLookbackDays");
        p.between(latestCacheSeconds, 0, 300, "api.latestCacheSeconds");
        p.between(sparklineCacheSeconds, 0, 3600, "api.sparklineCacheSeconds");
        p.between(maxSparklineDays, 1, 365, "api.maxSparklineDays");
        p.between(maxPoints, 10, 10_000, "api.maxPoints");
        p.between(maxReadingsDays, 1, 3650, "api.maxReadingsDays");
        p.between(alertsLookbackDays, 1, 3650, "api.alertsLookbackDays");
        p.between(eventReadingIntervalMs, 100, 60_000, "api.eventReadingIntervalMs");
        p.between(eventHeartbeatSeconds, 1, 300, "api.eventHeartbeatSeconds");
        p.between(maxEventStreams, 1, 100_000, "api.maxEventStreams");
    }
}
