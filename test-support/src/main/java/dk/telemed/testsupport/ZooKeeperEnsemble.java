package dk.telemed.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ZooKeeper (Debian's package), as one standalone node or an ensemble of three, configured
 * from the project's {@code config/zookeeper.cfg}.
 *
 * <p>Files under {@code workDir/zookeeper/node-N/}: {@code zoo.cfg} (rendered), {@code data/}
 * (snapshots, transaction log, {@code myid}) and {@code zookeeper.log}. Each {@link Node} can be
 * stopped (SIGTERM), killed (SIGKILL), paused (SIGSTOP), resumed (SIGCONT) and started again on
 * the same port and data, which is what the coordination tests need.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperEnsemble.class);
    /** Debian's server jar (its manifest names its dependencies) and a logging binding to stderr. */
    private static final String CLASSPATH = System.getProperty("telemed.zookeeper.classpath",
            "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar");
    /** The server runs on the machine's Java 17, as Debian's package does. */
    private static final String JAVA = System.getProperty("telemed.zookeeper.java", "/usr/bin/java");
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;

    private final ServiceDirs.Claim claim;
    private final List<Node> nodes;

    private ZooKeeperEnsemble(ServiceDirs.Claim claim, List<Node> nodes) {
        this.claim = claim;
        this.nodes = List.copyOf(nodes);
    }

    /** One standalone node on a free port. */
    public static ZooKeeperEnsemble startSingle(Path workDir) {
        return start(workDir, 1);
    }

    /** Three nodes forming one ensemble (a quorum of two), each on free ports. */
    public static ZooKeeperEnsemble startThree(Path workDir) {
        return start(workDir, 3);
    }

    private static ZooKeeperEnsemble start(Path workDir, int size) {
        ServiceDirs.Claim claim = ServiceDirs.claimFresh(workDir, "zookeeper");
        try {
            for (int attempt = 1; ; attempt++) {
                List<Node> nodes = new ArrayList<>();
                for (int id = 1; id <= size; id++) {
                    nodes.add(new Node(claim.dir().resolve("node-" + id), id, FreePorts.next(),
                            size == 1 ? 0 : FreePorts.next(), size == 1 ? 0 : FreePorts.next()));
                }
                ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(claim, nodes);
                try {
                    ensemble.writeConfigs();
                    ensemble.startAll();
                    return ensemble;
                } catch (Startup.StartupFailure e) {
                    ensemble.killAll();
                    if (!e.portTaken() || attempt == PORT_ATTEMPTS) {
                        throw e;
                    }
                    LOG.warn("a port was taken by someone else; retrying zookeeper on others");
                }
            }
        } catch (RuntimeException e) {
            claim.release();
            throw e;
        }
    }

    private void writeConfigs() {
        String servers = nodes.size() == 1 ? "" : nodes.stream()
                .map(n -> "server." + n.id + "=127.0.0.1:" + n.quorumPort + ":" + n.electionPort)
                .collect(Collectors.joining("\n"));
        for (Node n : nodes) {
            n.writeConfig(servers, nodes.size() > 1);
        }
    }

    /**
     * Starts every node that is not running and waits until each serves clients (an ensemble's
     * nodes only serve once a quorum has formed, so they are launched together first).
     */
    public synchronized void startAll() {
        List<Node> launched = new ArrayList<>();
        for (Node n : nodes) {
            if (!n.isRunning()) {
                n.launch();
                launched.add(n);
            }
        }
        for (Node n : launched) {
            n.awaitServing();
        }
    }

    /** SIGTERM to every node: the whole engine down. */
    public synchronized void stopAll() {
        nodes.forEach(Node::stop);
    }

    private void killAll() {
        nodes.forEach(Node::kill);
    }

    /** The gateways' {@code coordination.connect}: every node, comma-separated. */
    public String connectString() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.clientPort).collect(Collectors.joining(","));
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Node {@code id}, 1 to the ensemble's size (ZooKeeper's myid). */
    public Node node(int id) {
        return nodes.get(id - 1);
    }

    /** The node the ensemble has elected its leader (the standalone node of a single one), if any serves. */
    public Optional<Node> leader() {
        return nodes.stream().filter(n -> n.mode().filter(m -> m.equals("leader") || m.equals("standalone")).isPresent())
                .findFirst();
    }

    @Override
    public synchronized void close() {
        try {
            nodes.forEach(Node::stop);
        } finally {
            claim.release();
        }
    }

    @Override
    public String toString() {
        return "ZooKeeperEnsemble[" + connectString() + ", " + claim.dir() + "]";
    }

    /** One ZooKeeper server process. */
    public static final class Node {
        private final Path dir;
        private final int id;
        private final int clientPort;
        private final int quorumPort;
        private final int electionPort;
        private ManagedProcess process;

        private Node(Path dir, int id, int clientPort, int quorumPort, int electionPort) {
            this.dir = dir;
            this.id = id;
            this.clientPort = clientPort;
            this.quorumPort = quorumPort;
            this.electionPort = electionPort;
        }

        private void writeConfig(String servers, boolean inEnsemble) {
            try {
                Files.createDirectories(dir.resolve("data"));
                if (inEnsemble) {
                    Files.writeString(dir.resolve("data/myid"), id + "\n");
                }
                Files.deleteIfExists(logFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare " + dir, e);
            }
            Templates.renderFile(ProjectRoot.config("zookeeper.cfg"), configFile(), Map.of(
                    "CLIENT_PORT", Integer.toString(clientPort),
                    "DATA_DIR", Templates.configSafe(dir.resolve("data")),
                    "SERVERS", servers));
        }

        private synchronized void launch() {
            if (isRunning()) {
                throw new IllegalStateException("zookeeper node " + id + " on port " + clientPort + " is already running");
            }
            process = ManagedProcess.builder("zookeeper-" + id, List.of(JAVA, "-Xms32m", "-Xmx128m",
                            "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                            "-cp", CLASSPATH, "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                            configFile().toString()))
                    .directory(dir)
                    .logFile(logFile())
                    .start();
        }

        private void awaitServing() {
            ManagedProcess p;
            synchronized (this) {
                p = process;
            }
            Startup.await(p, "serving clients on port " + clientPort, () -> mode().isPresent());
            LOG.info("zookeeper node {} serving on port {} as {} (pid {}, log {})", id, clientPort,
                    mode().orElse("?"), p.pid(), logFile());
        }

        /** Starts this node again after stop or kill, same port and data, and waits until it serves. */
        public void start() {
            launch();
            awaitServing();
        }

        /** SIGTERM, as an operator stops it. */
        public synchronized void stop() {
            if (process != null && !process.stop(STOP_GRACE)) {
                throw new IllegalStateException("zookeeper node " + id + " ignored SIGTERM for "
                        + Await.format(STOP_GRACE) + " and was killed");
            }
        }

        /** SIGKILL: the host died. */
        public synchronized void kill() {
            if (process != null) {
                process.kill();
            }
        }

        /** SIGSTOP: the node hangs, its connections open but silent. */
        public synchronized void pause() {
            requireRunning().signal(ManagedProcess.Signal.STOP);
        }

        /** SIGCONT after {@link #pause()}. */
        public synchronized void resume() {
            requireRunning().signal(ManagedProcess.Signal.CONT);
        }

        public synchronized boolean isRunning() {
            return process != null && process.isAlive();
        }

        public int id() {
            return id;
        }

        public int clientPort() {
            return clientPort;
        }

        public synchronized long pid() {
            return requireRunning().pid();
        }

        public Path configFile() {
            return dir.resolve("zoo.cfg");
        }

        public Path logFile() {
            return dir.resolve("zookeeper.log");
        }

        public String log() {
            return ManagedProcess.readLog(logFile());
        }

        /**
         * The node's mode from the {@code srvr} command ({@code standalone}, {@code leader},
         * {@code follower}); empty while it does not serve clients (no quorum, not running).
         */
        public Optional<String> mode() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort), 500);
                socket.setSoTimeout(2000);
                socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return answer.lines().filter(l -> l.startsWith("Mode: ")).map(l -> l.substring(6).strip()).findFirst();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        private ManagedProcess requireRunning() {
            if (!isRunning()) {
                throw new IllegalStateException("zookeeper node " + id + " on port " + clientPort + " is not running");
            }
            return process;
        }

        @Override
        public String toString() {
            return "zookeeper node " + id + " (127.0.0.1:" + clientPort + ")";
        }
    }
}
