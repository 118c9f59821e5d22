package dk.telemed.gateway;

import dk.telemed.gateway.auth.HashPasswordCommand;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.ConfigLoader;
import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.registry.RegistryException;
import dk.telemed.gateway.registry.RegistryWatcher;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar telemed-gateway.jar [--config FILE]}: reads the configuration and starts the
 * gateway; {@code java -jar telemed-gateway.jar hash-password} and the other commands in
 * {@link #COMMANDS} do one job and exit.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final int EXIT_BAD_CONFIG = 2;
    /** The gateway stalled (health.stallSeconds) and left, for its supervisor to start it again. */
    static final int EXIT_STALLED = 3;
    /** How long a stop waits for buffered readings to be written; the rest is redelivered by the broker. */
    private static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(10);

    private Main() {
    }

    /** Commands other than starting the gateway: {@code java -jar telemed-gateway.jar COMMAND ARGS}; each returns its exit code. */
    private static final Map<String, Command> COMMANDS = Map.of(
            "hash-password", rest -> HashPasswordCommand.run(rest, System.out, System.err),
            "new-client-token", Main::newClientToken);

    @FunctionalInterface
    private interface Command {
        int run(String[] args) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && COMMANDS.containsKey(args[0])) {
            System.exit(COMMANDS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Optional<Path> configFile;
        try {
            configFile = configFile(args);
        } catch (IllegalArgumentException e) {
            System.err.println("telemed-gateway: " + e.getMessage());
            System.err.println("usage: java -jar telemed-gateway.jar [--config FILE]");
            System.err.println("       java -jar telemed-gateway.jar " + String.join(" | ", new java.util.TreeSet<>(COMMANDS.keySet())));
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        Vertx vertx = Vertx.vertx();
        GatewayConfig config;
        RegistryWatcher registry;
        try {
            config = new ConfigLoader(System.getenv()).load(configFile);
            registry = RegistryWatcher.load(vertx, Path.of(config.registry().path()));
        } catch (ConfigException | RegistryException e) {
            System.err.println("telemed-gateway: not started: " + e.getMessage());
            vertx.close();
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        // Every file is read and checked now, also on a standby that may not be elected for months:
        // a problem stops the start here rather than the takeover later.
        Path registryPath = Path.of(config.registry().path());
        GatewayConfig checked = config;
        Member.Reader reader = () -> new Member.Inputs(RegistryWatcher.load(vertx, registryPath), Gateway.Files.load(vertx, checked));
        Member.Inputs first;
        try {
            first = new Member.Inputs(registry, Gateway.Files.load(vertx, config));
        } catch (ConfigException | IOException e) {
            LOG.error("the gateway could not start: {}", e.getMessage());
            vertx.close();
            System.exit(1);
            return;
        }
        // Exiting runs the shutdown hook below: what is buffered is written, the broker session is
        // left cleanly, and the broker redelivers the rest to the gateway started again.
        Runnable onStall = config.health().exitOnStall() ? () -> exit(EXIT_STALLED) : () -> { };
        Member member = new Member(vertx, config, clock(), first, reader, onStall, () -> exit(1));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            try {
                member.stop(DRAIN_TIMEOUT).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                // Closed from this thread, not from a continuation on the event loop that is being closed.
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("shutdown did not finish cleanly: {}", e.toString());
            }
        }, "shutdown"));
        member.start().onFailure(e -> {
            LOG.error("the gateway could not start: {}", e.getMessage());
            exit(1);
        });
    }

    /**
     * Exits from a thread of its own: the shutdown hook then stops the gateway through its event
     * loop, which must not be the thread waiting in {@code System.exit}.
     */
    private static void exit(int code) {
        new Thread(() -> System.exit(code), "exit").start();
    }

    /** {@code new-client-token NAME TEAM...}: a token for a system reading the FHIR interface. */
    private static int newClientToken(String[] rest) {
        if (rest.length < 2 || !Arrays.stream(rest).allMatch(dk.telemed.gateway.model.Identifiers::isValid)) {
            System.err.println("usage: java -jar telemed-gateway.jar new-client-token NAME TEAM... (names of [A-Za-z0-9._-])");
            return EXIT_BAD_CONFIG;
        }
        System.out.print(dk.telemed.gateway.auth.ClientTokens.newClientEntry(rest[0],
                Arrays.asList(rest).subList(1, rest.length), new java.security.SecureRandom()));
        return 0;
    }

    static Optional<Path> configFile(String[] args) {
        if (args.length == 0) {
            return Optional.empty();
        }
        if (args.length == 2 && args[0].equals("--config")) {
            return Optional.of(Path.of(args[1]));
        }
        throw new IllegalArgumentException("unexpected arguments: " + String.join(" ", args));
    }

    /** The system clock, or in the integration tests the one they move ({@link OffsetClock}). */
    private static Clock clock() {
        Optional<Clock> moved = OffsetClock.fromProperty();
        moved.ifPresent(c -> LOG.warn("the clock is moved by the duration in {} (-D{}): for tests only, never in operation",
                System.getProperty(OffsetClock.PROPERTY), OffsetClock.PROPERTY));
        return moved.orElse(Clock.systemUTC());
    }
}
