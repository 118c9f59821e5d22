package dk.telemed.bench;

import java.util.List;

/**
 * Everything one run of the benchmark measured; what is null was not run ({@code --only}).
 *
 * @param label free text given with {@code --label}, e.g. which gateway build this was
 * @param notes what went wrong or needs saying (a phase that failed, a busy machine)
 */
public record Results(String date, String stamp, String label, Machine machine, String loadAtEnd, Settings settings,
                      String gatewayJar, int patients, int devices, List<Phase> phases, StoreLimit.Result storeLimit, List<BrokerLimit.Result> brokerLimit,
                      List<EndToEnd.Result> endToEnd, List<Latency.Result> latency, Population.Result population,
                      Failover.Result failover, Burst.Result burst, Catchup.Result catchup, double minutes, List<String> notes) {

    /** One phase: the load average (1/5/15 min) when it began and ended, and how long it took. */
    public record Phase(String name, String loadAtStart, String loadAtEnd, double minutes, boolean completed) {
    }

    /** The targets. */
    public static final double TARGET_READINGS_PER_SECOND = 25_000;
    public static final double TARGET_BROKER_SHARE = 0.6;
    public static final double TARGET_P99_MS = 100;
    public static final double TARGET_HEAP_MIB = 256;

    public BrokerLimit.Result broker(int batch) {
        return brokerLimit == null ? null : brokerLimit.stream().filter(b -> b.batch() == batch).findFirst().orElse(null);
    }

    public EndToEnd.Result gateway(int batch) {
        return endToEnd == null ? null : endToEnd.stream().filter(b -> b.batch() == batch).findFirst().orElse(null);
    }
}
