package dk.telemed.gateway.config;

import dk.telemed.gateway.model.Identifiers;

/**
 * The store. {@code password} never appears in {@link #toString()}.
 *
 * @param caFile PEM file of the certificate authority that signed InfluxDB's certificate
 *               (an {@code https://} URL); empty: the JVM's trust store
 */
public record InfluxConfig(String url, String db, int batchSize, int lingerMs, int writeConcurrency,
                           int retryInitialMs, int retryMaxMs, int connectTimeoutMs, int readTimeoutMs, int requestTimeoutMs,
                           int healthIntervalMs, String username, String password, String passwordFile, String caFile) {
    public InfluxConfig {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        passwordFile = passwordFile == null ? "" : passwordFile;
        caFile = caFile == null ? "" : caFile;
    }

    /** Without credentials or a CA of its own. */
    public InfluxConfig(String url, String db, int batchSize, int lingerMs, int writeConcurrency,
                        int retryInitialMs, int retryMaxMs, int requestTimeoutMs, int healthIntervalMs) {
        this(url, db, batchSize, lingerMs, writeConcurrency, retryInitialMs, retryMaxMs, requestTimeoutMs, requestTimeoutMs,
                requestTimeoutMs, healthIntervalMs, "", "", "", "");
    }

    void validate(Problems p) {
        p.url(url, "influx.url", "http", "https");
        p.require(Identifiers.isValid(db), "influx.db", "must match " + Identifiers.PATTERN_TEXT);
        p.between(batchSize, 1, 100_000, "influx.batchSize");
        p.between(lingerMs, 0, 10_000, "influx.lingerMs");
        p.between(writeConcurrency, 1, 64, "influx.writeConcurrency");
        p.atLeast(retryInitialMs, 1, "influx.retryInitialMs");
        p.require(retryMaxMs >= retryInitialMs, "influx.retryMaxMs", "must be at least influx.retryInitialMs (" + retryInitialMs + ")");
        p.atLeast(connectTimeoutMs, 100, "influx.connectTimeoutMs");
        p.atLeast(readTimeoutMs, 100, "influx.readTimeoutMs");
        p.atLeast(requestTimeoutMs, 100, "influx.requestTimeoutMs");
        p.atLeast(healthIntervalMs, 100, "influx.healthIntervalMs");
        credentials().validate(p, "influx");
        MqttConfig.validateCaFile(p, caFile, "influx.caFile", url != null && url.startsWith("https:"), "an https:// influx.url");
    }

    public Credentials credentials() {
        return new Credentials(username, password, passwordFile);
    }

    @Override
    public String toString() {
        return "InfluxConfig[url=" + url + ", db=" + db + ", batchSize=" + batchSize + ", lingerMs=" + lingerMs
                + ", writeConcurrency=" + writeConcurrency + ", retryInitialMs=" + retryInitialMs
                + ", retryMaxMs=" + retryMaxMs + ", connectTimeoutMs=" + connectTimeoutMs + ", readTimeoutMs=" + readTimeoutMs
                + ", requestTimeoutMs=" + requestTimeoutMs
                + ", healthIntervalMs=" + healthIntervalMs + ", " + credentials() + ", caFile=" + caFile + "]";
    }
}
