package dk.telemed.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Mosquitto broker, configured from the project's {@code config/mosquitto.conf}.
 *
 * <p>Files under {@code workDir/mosquitto/}: {@code mosquitto.conf} (rendered),
 * {@code data/mosquitto.db} (persistence), {@code mosquitto.log} (the broker's log and
 * anything it prints before opening it). {@link #stop()}/{@link #kill()} and
 * {@link #start()} keep port and data, which is what broker-restart tests need.
 *
 * <p>{@link #startSecure} starts it in the project's secure mode instead (see
 * {@link BrokerSecurity}): a TLS listener on a second port, accounts and an ACL. The default
 * stays the plain anonymous broker, which most tests need and which starts faster.
 */
public final class MosquittoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MosquittoServer.class);
    /** The broker binary; {@code -Dtelemed.mosquitto.bin=...} for a non-Debian install. */
    private static final String BINARY = System.getProperty("telemed.mosquitto.bin", "/usr/sbin/mosquitto");
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;
    /** The only sign of mosquitto 2.0 discarding queued QoS 1 messages (see config/mosquitto.conf). */
    public static final String DROPPED_MESSAGES_LOG_LINE = "Outgoing messages are being dropped";

    private static final byte[] MQTT_PROBE_CONNECT = mqttConnect("telemed-startup-probe");
    private static final byte[] MQTT_CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};
    private static final byte[] MQTT_DISCONNECT = {(byte) 0xE0, 0x00};

    private final ServiceDirs.Claim claim;
    private final Path dir;
    private final int port;
    /** The TLS listener's port in secure mode, else 0. */
    private final int tlsPort;
    private final BrokerSecurity security;
    private ManagedProcess process;

    private MosquittoServer(ServiceDirs.Claim claim, int port, int tlsPort, BrokerSecurity security) {
        this.claim = claim;
        this.dir = claim.dir();
        this.port = port;
        this.tlsPort = tlsPort;
        this.security = security;
    }

    /** Starts a fresh broker on a free port with its files under {@code workDir/mosquitto/}. */
    public static MosquittoServer start(Path workDir) {
        return start(workDir, Map.of());
    }

    /**
     * Like {@link #start(Path)}, with some template settings replaced, e.g.
     * {@code Map.of("max_queued_messages", "100")} to provoke dropping quickly. Only
     * settings the template has can be replaced, so the template stays the reference.
     */
    public static MosquittoServer start(Path workDir, Map<String, String> settingOverrides) {
        return start(workDir, settingOverrides, null);
    }

    /**
     * A broker in the project's secure mode: {@code config/mosquitto.conf} followed by
     * {@code config/mosquitto-secure.conf}, with the accounts and ACL lines of {@code security}.
     * {@link #url()} is the loopback listener, for the gateway's accounts only; {@link #tlsUrl()}
     * the TLS one, for every other account, each connection's client id being its username.
     */
    public static MosquittoServer startSecure(Path workDir, BrokerSecurity security) {
        return start(workDir, Map.of(), security);
    }

    private static MosquittoServer start(Path workDir, Map<String, String> settingOverrides, BrokerSecurity security) {
        ServiceDirs.Claim claim = ServiceDirs.claimFresh(workDir, "mosquitto");
        try {
            for (int attempt = 1; ; attempt++) {
                MosquittoServer server = new MosquittoServer(claim, FreePorts.next(),
                        security == null ? 0 : FreePorts.next(), security);
                server.writeConfig(settingOverrides);
                try {
                    server.start();
                    return server;
                } catch (Startup.StartupFailure e) {
                    if (!e.portTaken() || attempt == PORT_ATTEMPTS) {
                        throw e;
                    }
                    LOG.warn("port {} was taken by someone else; retrying mosquitto on another", server.port);
                }
            }
        } catch (RuntimeException e) {
            claim.release();
            throw e;
        }
    }

    private void writeConfig(Map<String, String> settingOverrides) {
        Path template = ProjectRoot.config("mosquitto.conf");
        try {
            Files.createDirectories(dir.resolve("data"));
            Map<String, String> values = new HashMap<>(Map.of(
                    "PORT", Integer.toString(port),
                    "DATA_DIR", Templates.configSafe(dir.resolve("data")),
                    "LOG_FILE", Templates.configSafe(logFile()),
                    // As root, mosquitto would switch to user "mosquitto", which
                    // cannot write our files (see the template).
                    "RUN_AS_USER", System.getProperty("user.name")));
            String text = Files.readString(template);
            if (security != null) {
                values.putAll(security.writeFiles(dir));
                values.put("TLS_PORT", Integer.toString(tlsPort));
                text = text + "\n" + Files.readString(ProjectRoot.config("mosquitto-secure.conf"));
            }
            String rendered = Templates.render(text, values);
            Files.writeString(configFile(), MosquittoSettings.override(rendered, settingOverrides));
            // A retry on another port starts with a clean log: droppedMessages() and
            // log() must describe this broker only.
            Files.deleteIfExists(logFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + template + " to " + configFile(), e);
        }
    }

    /** Starts the broker again after {@link #stop()} or {@link #kill()}: same port, same data. */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("mosquitto on port " + port + " is already running");
        }
        process = ManagedProcess.builder("mosquitto", List.of(BINARY, "-c", configFile().toString()))
                .directory(dir)
                .logFile(logFile())
                .start();
        Startup.await(process, "accepting connections on port " + port, this::acceptsConnections);
        LOG.info("mosquitto running on port {} (pid {}, log {})", port, process.pid(), logFile());
    }

    /** SIGTERM: mosquitto saves its in-memory state (queued messages) and exits. Waits for that. */
    public synchronized void stop() {
        if (process != null && !process.stop(STOP_GRACE)) {
            throw new IllegalStateException("mosquitto (port " + port + ") ignored SIGTERM for "
                    + Await.format(STOP_GRACE) + " and was killed");
        }
    }

    /** SIGKILL: a crash. Only what the last autosave wrote survives. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public synchronized void restart() {
        stop();
        start();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The TLS listener (secure mode): its certificate names 127.0.0.1 and localhost. */
    public String tlsUrl() {
        requireSecure();
        return "ssl://127.0.0.1:" + tlsPort;
    }

    public int tlsPort() {
        requireSecure();
        return tlsPort;
    }

    /** The project CA's certificate that signed the broker's (secure mode). */
    public Path caFile() {
        requireSecure();
        return dir.resolve("tls/ca.crt");
    }

    public Path passwordFile() {
        requireSecure();
        return dir.resolve("passwd");
    }

    /** The accounts of the gateway's (loopback) listener. */
    public Path gatewayPasswordFile() {
        requireSecure();
        return dir.resolve("gateway-passwd");
    }

    /** Adds (or changes) an account in the password file and makes the broker re-read it. */
    public void addAccount(String username, String password) {
        BrokerSecurity.addAccount(passwordFile(), username, password);
        reload();
    }

    /** Removes an account and makes the broker re-read its files, as revoking a device does. */
    public void removeAccount(String username) {
        BrokerSecurity.removeAccount(passwordFile(), username);
        reload();
    }

    /** SIGHUP: mosquitto re-reads its password file and ACL. */
    public synchronized void reload() {
        if (isRunning()) {
            process.signal(ManagedProcess.Signal.HUP);
        }
    }

    private void requireSecure() {
        if (security == null) {
            throw new IllegalStateException("mosquitto on port " + port + " was not started with startSecure");
        }
    }

    public int port() {
        return port;
    }

    /** The directory holding config, data and log. */
    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("mosquitto.conf");
    }

    public Path logFile() {
        return dir.resolve("mosquitto.log");
    }

    /** The whole log so far, across restarts. */
    public String log() {
        return ManagedProcess.readLog(logFile());
    }

    /** True when mosquitto said it discarded QoS 1 messages because a client's queue was full. */
    public boolean droppedMessages() {
        return log().contains(DROPPED_MESSAGES_LOG_LINE);
    }

    /** Pid of the running broker. */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("mosquitto on port " + port + " is not running");
        }
        return process.pid();
    }

    /** Stops the broker if it runs (SIGTERM, as an operator would) and frees its directory. */
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

    /**
     * A full MQTT 3.1.1 CONNECT/CONNACK exchange, not just a TCP connect: after a restart
     * on the same port, something else may hold the port, and a bare connect would
     * mistake it for our broker.
     */
    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(MQTT_PROBE_CONNECT);
            byte[] connack = socket.getInputStream().readNBytes(4);
            // In secure mode the anonymous probe is refused, but a CONNACK still proves it is our broker.
            boolean accepted = Arrays.equals(connack, MQTT_CONNACK_ACCEPTED)
                    || (security != null && connack.length == 4 && connack[0] == 0x20 && connack[1] == 0x02);
            if (accepted) {
                socket.getOutputStream().write(MQTT_DISCONNECT);
            }
            return accepted;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] mqttConnect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);                       // CONNECT
        packet.write(10 + 2 + id.length);         // remaining length (< 128: one byte)
        packet.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 10}); // v3.1.1, clean session, keepalive 10 s
        packet.write(0);
        packet.write(id.length);
        packet.writeBytes(id);
        return packet.toByteArray();
    }

    @Override
    public String toString() {
        return "MosquittoServer[" + url() + ", " + dir + "]";
    }
}
