/**
 * Real Mosquitto, InfluxDB, ZooKeeper and gateway processes for integration tests ({@code *IT},
 * run by maven-failsafe). Nothing here is a mock: a test that passes has exercised the
 * broker, store and coordination engine the operator runs, configured by the same templates
 * ({@code config/mosquitto.conf}, {@code config/influxdb.conf}, {@code config/zookeeper.cfg})
 * that {@code scripts/services.sh} renders.
 *
 * <pre>{@code
 * Path work = Path.of("target/it/StoreOutageIT-1");
 * try (MosquittoServer broker = MosquittoServer.start(work);
 *      InfluxServer influx = InfluxServer.start(work)) {
 *     influx.createDatabase("telemed");
 *     try (GatewayProcess gateway = GatewayProcess.start(work, Map.of(
 *             "TELEMED_MQTT_URL", broker.url(),
 *             "TELEMED_INFLUX_URL", influx.url(),
 *             "TELEMED_INFLUX_DB", "telemed",
 *             "TELEMED_REGISTRY", registryFile.toAbsolutePath().toString()))) {
 *         influx.pause();                       // the store hangs
 *         // ... publish readings ...
 *         influx.resume();
 *         Await.until("all readings stored", Duration.ofSeconds(30),
 *                 () -> influx.count("telemed", "SELECT count(value) FROM readings") == 100);
 *         assertThat(broker.droppedMessages()).isFalse();
 *     }
 * }
 * }</pre>
 *
 * <p>Layout of a work dir: {@code mosquitto/}, {@code influxdb/}, {@code zookeeper/} and {@code gateway/}
 * (each with its config, data and log). A directory is emptied the first time a test JVM
 * uses it, so runs do not depend on each other. Every started process is SIGKILLed when
 * the test JVM exits, whatever the test did.
 */
package dk.telemed.testsupport;
