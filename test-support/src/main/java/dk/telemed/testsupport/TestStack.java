package dk.telemed.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A broker, a database and a patient registry for one test, plus the gateways it starts
 * against them: the setup every gateway integration test shares. Closing it stops them all.
 */
public final class TestStack implements AutoCloseable {
    public static final String DB = "telemed";

    private final Path dir;
    private final MosquittoServer broker;
    private final InfluxServer influx;
    private final Path registry;
    private final List<GatewayProcess> gateways = new ArrayList<>();
    /** The gateway's broker and InfluxDB password in secure mode, else null. */
    private final String gatewayPassword;

    private TestStack(Path dir, MosquittoServer broker, InfluxServer influx, Path registry, String gatewayPassword) {
        this.dir = dir;
        this.broker = broker;
        this.influx = influx;
        this.registry = registry;
        this.gatewayPassword = gatewayPassword;
    }

    /** Starts Mosquitto and InfluxDB under {@code dir} and writes the registry there. */
    public static TestStack start(Path dir, String registryYaml) {
        return start(dir, registryYaml, Map.of());
    }

    /** Like {@link #start(Path, String)}, with settings of config/mosquitto.conf replaced (see {@link MosquittoServer#start(Path, Map)}). */
    public static TestStack start(Path dir, String registryYaml, Map<String, String> brokerSettings) {
        MosquittoServer broker = MosquittoServer.start(dir.resolve("mosquitto"), brokerSettings);
        InfluxServer influx = InfluxServer.start(dir.resolve("influxdb"));
        return withRegistry(dir, broker, influx, registryYaml, null);
    }

    /**
     * The secure setup, as the demo runs it: the broker in secure mode with the accounts of
     * {@code security} plus the gateway's, InfluxDB with authentication, an admin, the
     * database and a gateway user with ALL on it only. Gateways connect to the broker's
     * loopback listener (their own: no other account can sign in there) with the broker
     * password from a file, and to InfluxDB with the password from the environment.
     */
    public static TestStack startSecure(Path dir, String registryYaml, BrokerSecurity security, String gatewayPassword) {
        MosquittoServer broker = MosquittoServer.startSecure(dir.resolve("mosquitto"),
                security.gatewayAccount(BrokerSecurity.GATEWAY_USER, gatewayPassword));
        InfluxServer influx;
        try {
            influx = InfluxServer.startSecure(dir.resolve("influxdb"), "admin", "admin-" + gatewayPassword);
            influx.createDatabase(DB);
            influx.createUser(BrokerSecurity.GATEWAY_USER, gatewayPassword, DB);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return withRegistry(dir, broker, influx, registryYaml, gatewayPassword);
    }

    private static TestStack withRegistry(Path dir, MosquittoServer broker, InfluxServer influx, String registryYaml,
                                          String gatewayPassword) {
        try {
            Path registry = Files.writeString(Files.createDirectories(dir).resolve("patients.yaml"), registryYaml).toAbsolutePath();
            if (gatewayPassword != null) {
                Files.writeString(dir.resolve("mqtt.password"), gatewayPassword + "\n");
            }
            return new TestStack(dir, broker, influx, registry, gatewayPassword);
        } catch (IOException e) {
            broker.close();
            influx.close();
            throw new UncheckedIOException(e);
        }
    }

    public MosquittoServer broker() {
        return broker;
    }

    public InfluxServer influx() {
        return influx;
    }

    public Path registry() {
        return registry;
    }

    public Path dir() {
        return dir;
    }

    /** The environment that points a gateway at this stack, under the given MQTT client id. */
    public Map<String, String> gatewayEnv(String clientId) {
        Map<String, String> env = new LinkedHashMap<>();
        if (gatewayPassword != null) {
            env.put("TELEMED_MQTT_USERNAME", BrokerSecurity.GATEWAY_USER);
            env.put("TELEMED_MQTT_PASSWORD_FILE", dir.resolve("mqtt.password").toAbsolutePath().toString());
            env.put("TELEMED_INFLUX_USERNAME", BrokerSecurity.GATEWAY_USER);
            env.put("TELEMED_INFLUX_PASSWORD", gatewayPassword);
        }
        env.putIfAbsent("TELEMED_MQTT_URL", broker.url());
        env.put("TELEMED_MQTT_CLIENT_ID", clientId);
        env.put("TELEMED_INFLUX_URL", influx.url());
        env.put("TELEMED_INFLUX_DB", DB);
        env.put("TELEMED_REGISTRY", registry.toString());
        env.put("TELEMED_REGISTRY_RELOAD_INTERVAL_MS", "200");
        return env;
    }

    /** A gateway builder already pointed at this stack; the stack stops what it starts. */
    public GatewayProcess.Builder gateway(String clientId) {
        return GatewayProcess.builder(dir).env(gatewayEnv(clientId));
    }

    /** Starts a gateway against this stack and waits until it answers /health. */
    public GatewayProcess startGateway(String clientId, Map<String, String> extraEnv) {
        return track(gateway(clientId).env(extraEnv).start());
    }

    /** Hands a gateway started from {@link #gateway(String)} to the stack to stop at the end. */
    public GatewayProcess track(GatewayProcess gateway) {
        gateways.add(gateway);
        return gateway;
    }

    /** Points in the readings measurement matching an InfluxQL condition. */
    public long stored(String where) {
        return influx.count(DB, "SELECT count(value) FROM readings WHERE " + where);
    }

    @Override
    public void close() {
        gateways.forEach(GatewayProcess::close);
        influx.close();
        broker.close();
    }
}
