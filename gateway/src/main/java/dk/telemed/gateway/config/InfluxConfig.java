package dk.telemed.gateway.config;

import dk.telemed.gateway.model.Identifiers;

public record InfluxConfig(String url, String db, int batchSize, int lingerMs, int writeConcurrency,
                           int retryInitialMs, int retryMaxMs, int requestTimeoutMs, int healthIntervalMs) {
    void validate(Problems p) {
        p.url(url, "influx.url", "http", "https");
        p.require(Identifiers.isValid(db), "influx.db", "must match " + Identifiers.PATTERN_TEXT);
        p.between(batchSize, 1, 100_000, "influx.batchSize");
        p.between(lingerMs, 0, 10_000, "influx.lingerMs");
        p.between(writeConcurrency, 1, 64, "influx.writeConcurrency");
        p.atLeast(retryInitialMs, 1, "influx.retryInitialMs");
        p.require(retryMaxMs >= retryInitialMs, "influx.retryMaxMs", "must be at least influx.retryInitialMs (" + retryInitialMs + ")");
        p.atLeast(requestTimeoutMs, 100, "influx.requestTimeoutMs");
        p.atLeast(healthIntervalMs, 100, "influx.healthIntervalMs");
    }
}
