package dk.telemed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How long and how big each measurement is. The full run takes 10–13 minutes on a 2-core
 * machine; {@code --quick} is a smoke check of about 8 minutes whose figures are rougher
 * (shorter windows, one repeat, fewer steps).
 *
 * @param repeats           how often the raw limits are measured (the report gives median and range)
 * @param limitRun          publishing time of a raw broker run, writing time of a raw store run
 * @param warmup            a gateway's first seconds are spent compiling; it gets this much load at
 *                          {@link #warmupRate(int)} first, unmeasured
 * @param overloadRun       publishing time of the one run at {@link #overloadRate(int)} that gives
 *                          the first estimate of the gateway's rate (short: a gateway that falls
 *                          behind holds more than it should, see EndToEnd)
 * @param throughputRun     publishing time of each fixed-rate run
 * @param maxSteps          fixed-rate runs of the search for the sustained rate, per mode
 * @param latencyRun        probing time of each latency run
 * @param nearMaxShare      "near the maximum" is this share of the measured sustained rate
 * @param populations       device counts of the population runs
 * @param secondsPerReading each device sends one reading this often in the population runs
 * @param populationRun     how long each population run goes on at that rate
 * @param dedupFill         single-reading messages sent first in a population run, filling the gateway's
 *                          duplicate filter (a fixed-size memory, the same for any population)
 * @param batchSize         the gateway's influx.batchSize (from config/gateway.yaml)
 * @param writeConcurrency  the gateway's influx.writeConcurrency
 * @param receiveMaximum    the gateway's mqtt.receiveMaximum
 * @param dedupCapacity     the gateway's ingest.dedupCapacity
 * @param rulesLanes        the lanes the gateway's rules run in: rules.lanes, or TELEMED_RULES_LANES, which the
 *                          gateways the bench starts inherit; 0 there means one per core
 */
public record Settings(boolean quick, int repeats, Duration limitRun, Duration warmup, Duration overloadRun,
                       Duration throughputRun, int maxSteps, Duration latencyRun, double nearMaxShare,
                       List<Integer> populations, int secondsPerReading, Duration populationRun, int dedupFill,
                       int batchSize, int writeConcurrency, int receiveMaximum, int dedupCapacity, int rulesLanes) {

    /** Readings per message of the two modes: single-reading messages, and batches of 20. */
    public static final List<Integer> MODES = List.of(1, 20);
    /** Patients of the throughput and latency runs (about 2,900 devices). */
    public static final int PATIENTS = 1000;
    /** MQTT connections device-sim spreads those patients over (each a home hub). */
    public static final int CONNECTIONS = 4;
    /** The moderate load of the latency runs, readings per second. */
    public static final int MODERATE_RATE = 1000;

    public static Settings of(boolean quick, Path gatewayYaml) {
        JsonNode shipped = readYaml(gatewayYaml);
        int batchSize = shipped.path("influx").path("batchSize").asInt(5000);
        int writeConcurrency = shipped.path("influx").path("writeConcurrency").asInt(2);
        int receiveMaximum = shipped.path("mqtt").path("receiveMaximum").asInt(1000);
        int dedup = shipped.path("ingest").path("dedupCapacity").asInt(200_000);
        String lanesOverride = System.getenv(BenchStack.RULES_LANES);
        int configuredLanes = lanesOverride != null && lanesOverride.matches("\\d+") ? Integer.parseInt(lanesOverride)
                : shipped.path("rules").path("lanes").asInt(0);
        int lanes = configuredLanes == 0 ? Runtime.getRuntime().availableProcessors() : configuredLanes;
        if (quick) {
            return new Settings(true, 1, Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(6),
                    Duration.ofSeconds(8), 2, Duration.ofSeconds(15), 0.8, List.of(10_000, 100_000), 30,
                    Duration.ofSeconds(30), dedup + dedup / 4, batchSize, writeConcurrency, receiveMaximum, dedup, lanes);
        }
        return new Settings(false, 2, Duration.ofSeconds(8), Duration.ofSeconds(8), Duration.ofSeconds(8),
                Duration.ofSeconds(10), 6, Duration.ofSeconds(15), 0.8, List.of(10_000, 100_000), 30,
                Duration.ofSeconds(30), dedup + dedup / 4, batchSize, writeConcurrency, receiveMaximum, dedup, lanes);
    }

    /**
     * The rate of the first, short run above what the gateway is expected to do, readings/s:
     * about 1.5 times the most seen on a quiet 2-core machine, so the run is an overload there
     * without piling up a backlog that takes minutes to work off (device-sim at full speed
     * publishes 130,000 readings/s in batches: a million-reading backlog in 10 s).
     */
    public static double overloadRate(int batch) {
        return batch == 1 ? 12_000 : 60_000;
    }

    /** The warm-up's fixed rate, readings/s: well within what the gateway does, so no backlog is left. */
    public static double warmupRate(int batch) {
        return batch == 1 ? 2_000 : 10_000;
    }

    private static JsonNode readYaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
