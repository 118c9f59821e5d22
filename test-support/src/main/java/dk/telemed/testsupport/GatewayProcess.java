package dk.telemed.testsupport;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged gateway ({@code -Dtelemed.gateway.jar}, set by the gateway module's
 * failsafe configuration) as a real process: {@code java -Xmx<heap> -jar <jar> [--config FILE]}.
 *
 * <p>It runs in {@code workDir/gateway/} (so any state it keeps in relative paths lands
 * there, and survives a restart within the test: start a new GatewayProcess on the same
 * work dir); each start logs to its own {@code gateway-<n>.log} there. Inherited
 * {@code TELEMED_*} variables are dropped so a developer's shell cannot change a test;
 * pass paths in the environment as absolute paths.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayProcess.class);
    public static final String JAR_PROPERTY = "telemed.gateway.jar";
    /** The gateway's shipped JVM options, a Java argument file, relative to the project root. */
    static final String JVM_OPTIONS = "config/gateway.jvm.options";
    public static final String HEAP_PROPERTY = "telemed.gateway.heap";
    public static final String HTTP_PORT_ENV = "TELEMED_HTTP_PORT";
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<Path, AtomicInteger> STARTS_PER_DIR = new ConcurrentHashMap<>();

    private final ManagedProcess process;
    private final int httpPort;
    private final Path dir;

    private GatewayProcess(ManagedProcess process, int httpPort, Path dir) {
        this.process = process;
        this.httpPort = httpPort;
        this.dir = dir;
    }

    /**
     * Starts the gateway with these environment variables (on top of the JVM's, minus
     * inherited {@code TELEMED_*}) and waits until {@code /health} answers 200. Without
     * {@code TELEMED_HTTP_PORT} in {@code env} it gets a free port.
     */
    public static GatewayProcess start(Path workDir, Map<String, String> env) {
        return builder(workDir).env(env).start();
    }

    /** For heap size, {@code --config}, extra JVM flags, or starting without waiting. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** How to start the gateway. */
    public static final class Builder {
        private final Path workDir;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String heap = System.getProperty(HEAP_PROPERTY, "256m");
        private Path config;

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** {@code -Xmx} value, e.g. {@code "64m"} for a memory-pressure test. Default 256m. */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** The users file ({@code TELEMED_USERS}), e.g. from {@link TestUsers#write}. */
        public Builder users(Path file) {
            return env("TELEMED_USERS", file.toAbsolutePath().toString());
        }

        /** Passed as {@code --config FILE}. */
        public Builder config(Path file) {
            this.config = file;
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** Program arguments after {@code --config}. */
        public Builder arg(String arg) {
            args.add(arg);
            return this;
        }

        /** Starts and waits until {@code /health} answers 200 (30 s), else throws with the log's tail. */
        public GatewayProcess start() {
            GatewayProcess gateway = launch();
            Startup.await(gateway.process, "answering 200 on /health (port " + gateway.httpPort + ")",
                    () -> gateway.get("/health") == 200);
            LOG.info("gateway running on port {} (pid {}, log {})",
                    gateway.httpPort, gateway.process.pid(), gateway.process.logFile());
            return gateway;
        }

        /** Starts without waiting: for tests of a gateway that must refuse to start. */
        public GatewayProcess launch() {
            Path jar = jar();
            Map<String, String> environment = new LinkedHashMap<>(env);
            String portText = environment.computeIfAbsent(HTTP_PORT_ENV, k -> Integer.toString(FreePorts.next()));
            int port;
            try {
                port = Integer.parseInt(portText.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(HTTP_PORT_ENV + " is not a port: " + portText, e);
            }
            ServiceDirs.Claim claim = ServiceDirs.claimKeepingState(workDir, "gateway");
            Path dir = claim.dir();
            int n = STARTS_PER_DIR.computeIfAbsent(dir, d -> new AtomicInteger()).incrementAndGet();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // The shipped JVM options, as the demo and a service unit start the gateway with them.
            command.add("@" + ProjectRoot.find().resolve(JVM_OPTIONS));
            command.add("-Xmx" + heap);
            command.addAll(jvmArgs);
            command.add("-jar");
            command.add(jar.toString());
            if (config != null) {
                command.add("--config");
                command.add(config.toAbsolutePath().toString());
            }
            command.addAll(args);
            ManagedProcess process;
            try {
                process = ManagedProcess.builder("gateway", command)
                        .withoutInheritedEnv("TELEMED_")
                        .env(environment)
                        .directory(dir)
                        .logFile(dir.resolve("gateway-" + n + ".log"))
                        .start();
            } catch (RuntimeException e) {
                claim.release();
                throw e;
            }
            // The directory (and its state) goes to the next gateway once this one has exited.
            claim.heldWhileAlive(process);
            return new GatewayProcess(process, port, dir);
        }

        private static Path jar() {
            String property = System.getProperty(JAR_PROPERTY);
            if (property == null || property.isBlank()) {
                throw new IllegalStateException("-D" + JAR_PROPERTY + " is not set; run the test through"
                        + " maven-failsafe in the gateway module (mvn verify), which sets it");
            }
            Path jar = Path.of(property).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist; package the gateway first (mvn verify)");
            }
            return jar;
        }
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The directory the gateway runs in. */
    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return process.logFile();
    }

    /** This process's whole log so far. */
    public String log() {
        return process.log();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The HTTP status of {@code GET path}; throws when the gateway does not answer. */
    public int get(String path) {
        return request(path).statusCode();
    }

    /** The body of {@code GET path}, whatever the status. */
    public String getBody(String path) {
        return request(path).body();
    }

    /** The full response of {@code GET path}, for headers and status together. */
    public HttpResponse<String> request(String path) {
        return Http.get(url() + (path.startsWith("/") ? path : "/" + path), HTTP_TIMEOUT);
    }

    /**
     * The sum of the {@code /metrics} samples named exactly {@code name} whose labels
     * include the given ones; 0 when absent. Labels as {@code "key=value"} strings or as
     * alternating key, value: {@code metric("telemed_readings_rejected_total", "code=malformed_json")}
     * or {@code metric("telemed_readings_rejected_total", "code", "malformed_json")}.
     */
    public double metric(String name, String... labelPairs) {
        HttpResponse<String> response = request("/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return PrometheusText.sum(response.body(), name, labelPairs);
    }

    /** SIGKILL: a crash, nothing flushed. Waits until the process is gone. */
    public void kill() {
        process.kill();
    }

    /** Sends a signal: STOP pauses the process as a long GC pause or a frozen VM would, CONT wakes it. */
    public void signal(ManagedProcess.Signal signal) {
        process.signal(signal);
    }

    /**
     * SIGTERM and wait for exit: a graceful shutdown. A gateway still running after
     * 30 s is killed and reported as a failure, since an orchestrator would do the same.
     */
    public void terminate() {
        if (!process.stop(TERMINATE_TIMEOUT)) {
            throw new AssertionError("gateway did not exit within " + Await.format(TERMINATE_TIMEOUT)
                    + " of SIGTERM (killed it); last lines of " + logFile() + ":\n" + process.logTail(40));
        }
    }

    /** True when it exited within the timeout (for a gateway expected to stop by itself). */
    public boolean waitForExit(Duration timeout) {
        return process.waitFor(timeout);
    }

    /** The exit code once exited (143 after SIGTERM unless the gateway maps it to 0, 137 after SIGKILL). */
    public int exitCode() {
        return process.exitCode();
    }

    /**
     * Ends the gateway if it still runs: SIGTERM, SIGKILL after 10 s. Never fails, so it
     * cannot hide a test's own failure; tests of clean shutdown call {@link #terminate()}.
     */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "GatewayProcess[" + url() + ", " + process + "]";
    }
}
