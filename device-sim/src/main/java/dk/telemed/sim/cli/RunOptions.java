package dk.telemed.sim.cli;

import dk.telemed.sim.mqtt.MqttUrl;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated options of {@code run}.
 *
 * @param batch 0 for the devices' natural packing, else K readings per batch message
 * @param durationSeconds 0 for no time limit
 * @param count 0 for no reading-count limit
 * @param clientId null for a generated one
 * @param report null for no JSON report
 */
record RunOptions(String mqttUrl, PopulationOptions population, double rate, int batch, double durationSeconds,
        long count, String clientId, int connections, int qos, int maxInflight, ClockMode clock, double days,
        double alternateUnitsShare, Path report) {

    static final Set<String> OPTIONS = Set.of("mqtt", "patients", "seed", "care-teams", "rate", "batch", "duration",
            "count", "client-id", "connections", "qos", "max-inflight", "clock", "days", "alternate-units-share",
            "report");
    static final int DEFAULT_PATIENTS = 100;
    static final double DEFAULT_REALTIME_RATE = 100;
    static final double DEFAULT_COMPRESSED_RATE = 2000;
    /**
     * Batches stay well inside the spec's limits of 1,000 readings and 64 KiB per payload
     * (a reading takes up to ~95 bytes).
     */
    static final int MAX_BATCH = 500;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,60}");

    static RunOptions from(Args args) throws UsageException {
        String url;
        try {
            url = MqttUrl.normalise(args.required("mqtt", "URL, e.g. --mqtt tcp://127.0.0.1:1883"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PopulationOptions population = PopulationOptions.from(args, DEFAULT_PATIENTS);
        ClockMode clock = clock(args.string("clock", "realtime"));
        if (clock == ClockMode.REALTIME && args.has("days")) {
            throw new UsageException("--days only applies to --clock compressed");
        }
        if (args.has("duration") && args.has("count")) {
            throw new UsageException("give either --duration or --count, not both");
        }
        double rate = args.doubleValue("rate",
                clock == ClockMode.REALTIME ? DEFAULT_REALTIME_RATE : DEFAULT_COMPRESSED_RATE, 0, true, 1_000_000);
        int batch = args.intValue("batch", 0, 1, MAX_BATCH);
        double duration = args.doubleValue("duration", 0, 0, true, 365 * 86_400.0);
        long count = args.longValue("count", 0, 1, Long.MAX_VALUE);
        String clientId = args.string("client-id", null);
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            throw new UsageException("--client-id must be 1-60 letters, digits, '.', '_' or '-', got '" + clientId + "'");
        }
        int connections = args.intValue("connections", 1, 1, 256);
        if (connections > population.patients()) {
            throw new UsageException("--connections " + connections + " is more than the " + population.patients()
                    + " patients to spread over them");
        }
        int qos = args.intValue("qos", 1, 0, 1);
        int maxInflight = args.intValue("max-inflight", 1000, 1, 65_535);
        double days = args.doubleValue("days", 14, 0, true, 3650);
        double share = args.doubleValue("alternate-units-share", 0.05, 0, false, 1);
        String report = args.string("report", null);
        return new RunOptions(url, population, rate, batch, duration, count, clientId, connections, qos, maxInflight,
                clock, days, share, report == null ? null : Path.of(report));
    }

    private static ClockMode clock(String value) throws UsageException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "realtime" -> ClockMode.REALTIME;
            case "compressed" -> ClockMode.COMPRESSED;
            default -> throw new UsageException("--clock must be realtime or compressed, got '" + value + "'");
        };
    }
}
