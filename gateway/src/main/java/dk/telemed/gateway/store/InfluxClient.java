package dk.telemed.gateway.store;

import dk.telemed.gateway.config.Credentials;
import dk.telemed.gateway.config.InfluxConfig;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.tls.TrustedCa;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.BoundParameterQuery;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The blocking InfluxDB calls, in one place. Every method blocks on HTTP and must run on a
 * worker thread, never on the event loop.
 */
public final class InfluxClient implements AutoCloseable {
    static final String READINGS = "readings";

    private final InfluxDB influx;
    private final String db;
    private final String username;

    public InfluxClient(InfluxConfig config) {
        // Every request has a deadline: a connection InfluxDB accepts and never answers (a hung
        // process, a half-open socket after a restart) fails the request, which is then retried
        // like any failed one, instead of holding a worker and the readings behind it for good.
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(Math.min(config.connectTimeoutMs(), config.requestTimeoutMs()), TimeUnit.MILLISECONDS)
                .readTimeout(Math.min(config.readTimeoutMs(), config.requestTimeoutMs()), TimeUnit.MILLISECONDS)
                .writeTimeout(Math.min(config.readTimeoutMs(), config.requestTimeoutMs()), TimeUnit.MILLISECONDS)
                .callTimeout(config.requestTimeoutMs(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false);
        if (!config.caFile().isEmpty()) {
            TrustedCa ca = TrustedCa.fromPem(Path.of(config.caFile()));
            http.sslSocketFactory(ca.sslContext().getSocketFactory(), ca.trustManager());
        }
        Credentials credentials = config.credentials();
        // influxdb-java sends the credentials as a Basic Authorization header, never in the URL,
        // so they cannot appear in an exception's message.
        this.influx = credentials.isSet()
                ? InfluxDBFactory.connect(config.url(), credentials.username(), credentials.secret(), http)
                : InfluxDBFactory.connect(config.url(), http);
        this.db = config.db();
        this.username = credentials.username();
    }

    public void ping() {
        if (!influx.ping().isGood()) {
            throw new InfluxDBException("InfluxDB did not answer its ping");
        }
    }

    /**
     * Idempotent: InfluxDB 1.x treats CREATE DATABASE of an existing one as success. A user
     * with privileges on the database only (not admin, as it should be) may not create it:
     * then it is enough that the database exists and the user can read it. Either way this is
     * an authenticated request, so it also checks the credentials, which /ping does not.
     */
    public void createDatabase() {
        try {
            QueryResult result = influx.query(new Query("CREATE DATABASE \"" + db + "\""));
            if (result.hasError()) {
                throw new InfluxDBException(result.getError());
            }
        } catch (InfluxDBException e) {
            if (isAuthenticationFailure(e)) {
                throw new InfluxDBException("InfluxDB refused the credentials of user '" + username
                        + "' (authorization failed): check influx.username and influx.password or influx.passwordFile");
            }
            if (e.getMessage() == null || !e.getMessage().contains("requires admin privilege")) {
                throw e;
            }
            try {
                query("SHOW MEASUREMENTS LIMIT 1", Map.of());
            } catch (InfluxDBException notThere) {
                throw new InfluxDBException("database '" + db + "' is missing or user '" + username
                        + "' has no privileges on it, and the user is not an admin so it cannot create it: "
                        + "create it and GRANT ALL ON it as an InfluxDB admin (" + notThere.getMessage() + ")");
            }
        }
    }

    private static boolean isAuthenticationFailure(InfluxDBException e) {
        String m = e.getMessage();
        return m != null && (m.contains("authorization failed") || m.contains("unable to parse authentication credentials"));
    }

    /**
     * Writes readings as points of the {@code readings} measurement (interface section 2). A
     * point is keyed by patient, device, type and time, so writing the same reading twice
     * leaves one point: redelivery after a crash cannot double a reading.
     *
     * <p>Readings go as line-protocol records ({@link #line}) rather than through
     * influxdb-java's {@code Point}: a {@code Point} keeps its tags and fields in tree maps and
     * formats every double through {@code DecimalFormat}, which together took about a fifth of
     * the gateway's profiled time under a load of batched readings.
     */
    public void write(List<Reading> readings) {
        StringBuilder records = new StringBuilder(readings.size() * 96);
        for (Reading r : readings) {
            appendLine(records, r);
            records.append('\n');
        }
        influx.write(db, null, InfluxDB.ConsistencyLevel.ONE, TimeUnit.NANOSECONDS, records.toString());
    }

    /** Writes points of any measurement (the alerts) in one request. */
    public void writePoints(List<Point> points) {
        BatchPoints.Builder batch = BatchPoints.database(db).precision(TimeUnit.NANOSECONDS);
        points.forEach(batch::point);
        influx.write(batch.build());
    }

    /** Runs a query against the gateway's database; InfluxDB's own error becomes an exception. */
    public QueryResult query(String influxql, Map<String, Object> parameters) {
        BoundParameterQuery.QueryBuilder builder = BoundParameterQuery.QueryBuilder.newQuery(influxql).forDatabase(db);
        parameters.forEach(builder::bind);
        QueryResult result = influx.query(builder.create());
        if (result.hasError()) {
            throw new InfluxDBException(result.getError());
        }
        result.getResults().stream().filter(r -> r.hasError()).findFirst()
                .ifPresent(r -> {
                    throw new InfluxDBException(r.getError());
                });
        return result;
    }

    /** {@link #query}, or null before the database exists: nothing stored yet is an empty answer, not an error. */
    public QueryResult queryIfExists(String influxql, Map<String, Object> parameters) {
        try {
            return query(influxql, parameters);
        } catch (InfluxDBException e) {
            if (isDatabaseNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The database does not exist yet (nothing was ever written): for a reader, an empty
     * store. InfluxDB reports it as an HTTP error or inside a result, so both forms count.
     */
    public static boolean isDatabaseNotFound(InfluxDBException e) {
        return e instanceof InfluxDBException.DatabaseNotFoundException
                || (e.getMessage() != null && e.getMessage().contains("database not found"));
    }

    /**
     * One reading in InfluxDB's line protocol, as {@code Point} would write it: tags sorted by
     * key and escaped the same way, the value a float in plain decimal notation, the time in
     * epoch nanoseconds ({@link Reading}'s value is always finite).
     */
    static String line(Reading r) {
        StringBuilder line = new StringBuilder(96);
        appendLine(line, r);
        return line.toString();
    }

    private static void appendLine(StringBuilder line, Reading r) {
        line.append(READINGS);
        tag(line, "device", r.deviceId());
        tag(line, "patient", r.patientId());
        tag(line, "type", r.type().wireName());
        line.append(" value=");
        String digits = Double.toString(r.value());
        // Double.toString turns to scientific notation below 10^-3 and from 10^7 on; the same
        // digits in plain notation are the same float.
        line.append(digits.indexOf('E') < 0 ? digits : new BigDecimal(digits).toPlainString());
        line.append(' ').append(epochNanos(r.ts()));
    }

    private static void tag(StringBuilder line, String key, String value) {
        line.append(',').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == ',' || c == '=') {
                line.append('\\');
            }
            line.append(c);
        }
    }

    private static long epochNanos(Instant ts) {
        return TimeUnit.SECONDS.toNanos(ts.getEpochSecond()) + ts.getNano();
    }

    @Override
    public void close() {
        influx.close();
    }
}
