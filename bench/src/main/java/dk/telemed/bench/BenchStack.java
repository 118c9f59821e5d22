package dk.telemed.bench;

import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.InfluxServer;
import dk.telemed.testsupport.MosquittoServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A fresh broker and database for one measurement, started from the project's own
 * config/mosquitto.conf and config/influxdb.conf (the ones the demo and the tests run), plus
 * the gateways started against them. Closing it stops them all, after looking in the broker's
 * log for dropped messages and in the gateways' logs for a crash, which go into the report.
 */
public final class BenchStack implements AutoCloseable {
    public static final String DB = "telemed";
    /** Heap of every gateway the bench starts: the deployment's -Xmx, the target's limit. */
    public static final String HEAP = "256m";

    private final String name;
    private final Path dir;
    private final Log log;
    private final MosquittoServer broker;
    private final InfluxServer influx;
    private final List<GatewayProcess> gateways = new ArrayList<>();

    private BenchStack(String name, Path dir, Log log, MosquittoServer broker, InfluxServer influx) {
        this.name = name;
        this.dir = dir;
        this.log = log;
        this.broker = broker;
        this.influx = influx;
    }

    /** @param name the measurement, for warnings */
    public static BenchStack start(String name, Path dir, Log log) {
        MosquittoServer broker = MosquittoServer.start(dir.resolve("mosquitto"));
        try {
            InfluxServer influx = InfluxServer.start(dir.resolve("influxdb"));
            influx.createDatabase(DB);
            return new BenchStack(name, dir, log, broker, influx);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public MosquittoServer broker() {
        return broker;
    }

    public InfluxServer influx() {
        return influx;
    }

    public Path dir() {
        return dir;
    }

    /** JVM options (space-separated) every gateway of a stack starts with besides its own: {@code --gateway-jvm}. */
    public static final String GATEWAY_JVM_PROPERTY = "telemed.bench.gatewayJvm";

    /** The JVM options of {@link #GATEWAY_JVM_PROPERTY}; none unless the run asked for some. */
    static List<String> gatewayJvmOptions() {
        return Arrays.stream(System.getProperty(GATEWAY_JVM_PROPERTY, "").split(" ")).filter(o -> !o.isBlank()).toList();
    }

    /** The environment variable that sets the gateway's rules.lanes; the bench passes its own on to its gateways. */
    static final String RULES_LANES = "TELEMED_RULES_LANES";

    /** Starts a gateway (heap {@value #HEAP}, the shipped settings) and waits until it answers /health and /ready. */
    public GatewayProcess startGateway(String clientId, Path registry, Map<String, String> extraEnv, List<String> jvmArgs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TELEMED_MQTT_URL", broker.url());
        env.put("TELEMED_MQTT_CLIENT_ID", clientId);
        env.put("TELEMED_INFLUX_URL", influx.url());
        env.put("TELEMED_INFLUX_DB", DB);
        env.put("TELEMED_REGISTRY", registry.toAbsolutePath().toString());
        // A gateway inherits no TELEMED_* of the bench's environment (test-support keeps a developer's settings out
        // of it) except this one, so a run can measure the rules in another number of lanes.
        String lanes = System.getenv(RULES_LANES);
        if (lanes != null) {
            env.put(RULES_LANES, lanes);
        }
        env.putAll(extraEnv);
        GatewayProcess.Builder builder = GatewayProcess.builder(dir).env(env).heap(HEAP);
        gatewayJvmOptions().forEach(builder::jvmArg);
        jvmArgs.forEach(builder::jvmArg);
        GatewayProcess gateway = builder.start();
        gateways.add(gateway);
        waitUntil(() -> gateway.get("/ready") == 200, Duration.ofSeconds(60));
        return gateway;
    }

    /** Throws, saying why, when a gateway of this stack has exited. */
    public void requireAlive() {
        for (GatewayProcess g : gateways) {
            if (!g.isAlive()) {
                throw new IllegalStateException("the gateway (pid " + g.pid() + ") exited during " + name + cause(g)
                        + "; its log: " + g.logFile());
            }
        }
    }

    /** Waits until {@code done}, at most {@code timeout}; false when it timed out. Fails early when a gateway died. */
    public boolean await(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive();
            try {
                if (done.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                requireAlive();
                throw e;
            }
            sleep(100);
        }
        return false;
    }

    /** Points in the readings measurement matching an InfluxQL condition ("" for all). */
    public long stored(String where) {
        return influx.count(DB, "SELECT count(value) FROM readings" + (where.isEmpty() ? "" : " WHERE " + where));
    }

    @Override
    public void close() {
        for (GatewayProcess g : gateways) {
            String oom = cause(g);
            if (!oom.isEmpty()) {
                log.warn("%s: the gateway%s (log %s)", name, oom, g.logFile());
            }
            try {
                g.close();
            } catch (RuntimeException e) {
                // Best effort: the broker and the database still get stopped.
            }
        }
        try {
            influx.close();
        } finally {
            if (broker.droppedMessages()) {
                log.warn("%s: Mosquitto logged \"%s\": it silently dropped queued QoS 1 messages (log %s)", name,
                        MosquittoServer.DROPPED_MESSAGES_LOG_LINE, broker.logFile());
            }
            broker.close();
        }
    }

    private static String cause(GatewayProcess g) {
        String text = g.log();
        return text.contains("OutOfMemoryError") ? " ran out of heap (OutOfMemoryError in its log)" : "";
    }

    static void waitUntil(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
