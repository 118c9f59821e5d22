package dk.telemed.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real InfluxDB 1.x ({@code influxd run}), configured from the project's
 * {@code config/influxdb.conf}.
 *
 * <p>Files under {@code workDir/influxdb/}: {@code influxdb.conf} (rendered),
 * {@code data/} (meta, data, wal), {@code influxd.log}. {@link #stop()}/{@link #kill()}
 * and {@link #start()} keep ports and data; {@link #pause()} makes a store that accepts
 * connections but never answers, the failure that timeouts must handle.
 *
 * <p>The shipped configuration has authentication on. {@link #start(Path)} turns it off for
 * this instance ({@code INFLUXDB_HTTP_AUTH_ENABLED=false}), which most tests want;
 * {@link #startSecure} keeps it on and makes an admin, as the setup does.
 */
public final class InfluxServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxServer.class);
    /** {@code -Dtelemed.influxd.bin=...} for a non-Debian install. */
    private static final String BINARY = System.getProperty("telemed.influxd.bin", "/usr/bin/influxd");
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;

    private final ServiceDirs.Claim claim;
    private final Path dir;
    private final int port;
    private final int rpcPort;
    private ManagedProcess process;
    private boolean paused;
    /** True when authentication is on (secure mode). */
    private final boolean auth;
    /** The admin's Authorization header in secure mode, else null. */
    private volatile String adminAuthorization;

    private InfluxServer(ServiceDirs.Claim claim, int port, int rpcPort, boolean auth) {
        this.claim = claim;
        this.dir = claim.dir();
        this.port = port;
        this.rpcPort = rpcPort;
        this.auth = auth;
    }

    /** Starts a fresh InfluxDB on free ports with its files under {@code workDir/influxdb/}, without authentication. */
    public static InfluxServer start(Path workDir) {
        return start(workDir, false);
    }

    /**
     * Starts a fresh InfluxDB with authentication on (the shipped setting) and makes the admin
     * the fixture's own queries use, as the setup does: the first user may be made without
     * credentials, and must be an admin.
     */
    public static InfluxServer startSecure(Path workDir, String adminUser, String adminPassword) {
        InfluxServer server = start(workDir, true);
        try {
            server.queryAll(null, "CREATE USER " + identifier(adminUser) + " WITH PASSWORD " + literal(adminPassword)
                    + " WITH ALL PRIVILEGES");
            server.adminAuthorization = Http.basic(adminUser, adminPassword);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A non-admin user with ALL privileges on {@code db} only (secure mode), like the gateway's. */
    public void createUser(String user, String password, String db) {
        queryAll(null, "CREATE USER " + identifier(user) + " WITH PASSWORD " + literal(password));
        queryAll(null, "GRANT ALL ON " + identifier(db) + " TO " + identifier(user));
    }

    private static InfluxServer start(Path workDir, boolean auth) {
        ServiceDirs.Claim claim = ServiceDirs.claimFresh(workDir, "influxdb");
        try {
            for (int attempt = 1; ; attempt++) {
                InfluxServer server = new InfluxServer(claim, FreePorts.next(), FreePorts.next(), auth);
                server.writeConfig();
                try {
                    server.start();
                    return server;
                } catch (Startup.StartupFailure e) {
                    if (!e.portTaken() || attempt == PORT_ATTEMPTS) {
                        throw e;
                    }
                    LOG.warn("port {} or {} was taken by someone else; retrying influxd on others",
                            server.port, server.rpcPort);
                }
            }
        } catch (RuntimeException e) {
            claim.release();
            throw e;
        }
    }

    private void writeConfig() {
        try {
            Files.createDirectories(dir.resolve("data"));
            // A retry on another port starts with a clean log.
            Files.deleteIfExists(logFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        Templates.renderFile(ProjectRoot.config("influxdb.conf"), configFile(), Map.of(
                "HTTP_PORT", Integer.toString(port),
                "RPC_PORT", Integer.toString(rpcPort),
                "DATA_DIR", Templates.configSafe(dir.resolve("data"))));
    }

    /** Starts InfluxDB again after {@link #stop()} or {@link #kill()}: same ports, same data. */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("influxd on port " + port + " is already running");
        }
        process = ManagedProcess.builder("influxd", List.of(BINARY, "run", "-config", configFile().toString()))
                .directory(dir)
                .logFile(logFile())
                // influxd reads INFLUXDB_<SECTION>_<KEY> over its config file.
                .env("INFLUXDB_HTTP_AUTH_ENABLED", Boolean.toString(auth))
                .start();
        paused = false;
        // /ping answers only once the store is open and the HTTP service runs.
        Startup.await(process, "answering /ping on port " + port, this::answersPing);
        LOG.info("influxd running on port {} (pid {}, log {})", port, process.pid(), logFile());
    }

    /** SIGTERM (after SIGCONT when paused) and wait for a clean shutdown. */
    public synchronized void stop() {
        paused = false;
        if (process != null && !process.stop(STOP_GRACE)) {
            throw new IllegalStateException("influxd (port " + port + ") ignored SIGTERM for "
                    + Await.format(STOP_GRACE) + " and was killed");
        }
    }

    /** SIGKILL: a crash. What InfluxDB acknowledged is in its WAL and survives. */
    public synchronized void kill() {
        paused = false;
        if (process != null) {
            process.kill();
        }
    }

    public synchronized void restart() {
        stop();
        start();
    }

    /**
     * SIGSTOP: the port still accepts TCP connections (the kernel does that) but nothing
     * is answered: a hung store, as opposed to a dead one that refuses connections.
     */
    public synchronized void pause() {
        requireRunning().signal(ManagedProcess.Signal.STOP);
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() {
        requireRunning().signal(ManagedProcess.Signal.CONT);
        paused = false;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized boolean isPaused() {
        return paused && isRunning();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The backup/restore RPC port (bind-address), which must not collide either. */
    public int rpcPort() {
        return rpcPort;
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("influxdb.conf");
    }

    public Path logFile() {
        return dir.resolve("influxd.log");
    }

    /** The whole log so far, across restarts. */
    public String log() {
        return ManagedProcess.readLog(logFile());
    }

    public synchronized long pid() {
        return requireRunning().pid();
    }

    /** {@code CREATE DATABASE "db"} (a no-op when it exists). */
    public void createDatabase(String db) {
        queryAll(null, "CREATE DATABASE " + identifier(db));
    }

    /**
     * Writes line protocol (nanosecond timestamps) and requires 204. For seeding a test;
     * the gateway's own writes are what tests are about.
     */
    public void write(String db, String lineProtocol) {
        HttpResponse<String> response = Http.post(url() + "/write?db=" + Http.encode(db) + "&precision=ns",
                lineProtocol, REQUEST_TIMEOUT, adminAuthorization);
        if (response.statusCode() != 204) {
            throw new InfluxResults.InfluxError("InfluxDB /write answered HTTP " + response.statusCode()
                    + ": " + response.body());
        }
    }

    /**
     * The rows of the first series of the first statement (columns in the query's order,
     * {@code time} as an RFC 3339 string), or an empty list. Throws with InfluxDB's error
     * text when the query fails.
     */
    public List<List<Object>> query(String db, String influxql) {
        List<Series> series = querySeries(db, influxql);
        return series.isEmpty() ? List.of() : series.get(0).values();
    }

    /** All series of the first statement, with their tags: for {@code GROUP BY} queries. */
    public List<Series> querySeries(String db, String influxql) {
        return queryAll(db, influxql);
    }

    /**
     * The first non-time value of the first row as a long, 0 when there are no rows:
     * {@code count(db, "SELECT count(value) FROM readings WHERE patient='p-0001'")}.
     */
    public long count(String db, String influxql) {
        return InfluxResults.count(querySeries(db, influxql));
    }

    private List<Series> queryAll(String db, String influxql) {
        // POST: InfluxDB 1.x refuses CREATE/DROP over GET, and a form body has no URL length limit.
        Map<String, String> form = db == null ? Map.of("q", influxql) : Map.of("db", db, "q", influxql);
        HttpResponse<String> response = Http.postForm(url() + "/query", form, REQUEST_TIMEOUT, adminAuthorization);
        return InfluxResults.firstStatement(response.statusCode(), response.body(), influxql);
    }

    /** An InfluxQL string literal in single quotes. */
    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** An InfluxQL identifier in double quotes, so names like {@code telemed-it} work. */
    static String identifier(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Stops InfluxDB if it runs (resuming it first if paused) and frees its directory. */
    @Override
    public synchronized void close() {
        try {
            if (isRunning()) {
                stop();
            }
        } finally {
            claim.release();
        }
    }

    private ManagedProcess requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException("influxd on port " + port + " is not running");
        }
        return process;
    }

    /** 204 with InfluxDB's version header: not some other server that took the port. */
    private boolean answersPing() {
        HttpResponse<String> response = Http.get(url() + "/ping", Duration.ofSeconds(2));
        return response.statusCode() == 204 && response.headers().firstValue("X-Influxdb-Version").isPresent();
    }

    @Override
    public String toString() {
        return "InfluxServer[" + url() + ", " + dir + "]";
    }
}
