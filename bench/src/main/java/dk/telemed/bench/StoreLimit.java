package dk.telemed.bench;

import dk.telemed.testsupport.InfluxServer;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Limit (b): points per second InfluxDB accepts when written directly, in batches of the
 * gateway's {@code influx.batchSize} with its {@code influx.writeConcurrency} writes under way
 * at once, through the same client library (influxdb-java) and HTTP API. The points look like
 * the gateway's: the readings measurement, tags patient, device and type, a float value, a
 * distinct nanosecond time per series, spread over the devices of the benchmark's patients.
 * Each batch's line protocol is built by its writer just before it is sent (about 1 ms per
 * 5,000 points), so the figure includes a lean client, not only the store.
 */
public final class StoreLimit {
    private static final String[] TYPES = {"spo2", "pulse", "weight", "glucose", "fev1"};

    /** All runs and their spread. */
    public record Result(int batchSize, int concurrency, List<Run> runs, Spread pointsPerSecond) {
    }

    /** One run: points per second, per-batch write latency, and InfluxDB's CPU. */
    public record Run(long points, double seconds, double pointsPerSecond, Percentiles batchWriteMs, double influxCores,
                      String loadAverage) {
    }

    private StoreLimit() {
    }

    public static Result measure(Layout layout, Settings settings, Log log) {
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i <= settings.repeats(); i++) {
            try (InfluxServer influx = InfluxServer.start(layout.work().resolve("store-limit").resolve("influxdb"))) {
                influx.createDatabase(BenchStack.DB);
                Run run = once(influx, settings);
                runs.add(run);
                log.line("  raw store, run %d: %s points/s in batches of %d, %d at a time (batch write p50 %s ms)",
                        i, Log.n(run.pointsPerSecond()), settings.batchSize(), settings.writeConcurrency(),
                        Log.d1(run.batchWriteMs().p50()));
            }
        }
        return new Result(settings.batchSize(), settings.writeConcurrency(), runs,
                Spread.of(runs.stream().map(Run::pointsPerSecond).toList()));
    }

    private static Run once(InfluxServer influx, Settings settings) {
        OkHttpClient.Builder http = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).writeTimeout(30, TimeUnit.SECONDS);
        List<Double> batchMs = Collections.synchronizedList(new ArrayList<>());
        AtomicLong points = new AtomicLong();
        long baseNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - 3_600_000L);
        try (InfluxDB client = InfluxDBFactory.connect(influx.url(), http);
             Cpu cpu = Cpu.watch(List.of(influx.pid()))) {
            // One untimed batch first: the shard and the series index are created on the first write.
            client.write(BenchStack.DB, "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.NANOSECONDS,
                    batch(0, settings.batchSize(), baseNanos - 1_000_000_000L));
            long start = System.nanoTime();
            long end = start + settings.limitRun().toNanos();
            CountDownLatch done = new CountDownLatch(settings.writeConcurrency());
            for (int w = 0; w < settings.writeConcurrency(); w++) {
                int writer = w;
                Thread t = new Thread(() -> {
                    try {
                        for (long b = writer; System.nanoTime() < end; b += settings.writeConcurrency()) {
                            String body = batch(b, settings.batchSize(), baseNanos);
                            long t0 = System.nanoTime();
                            client.write(BenchStack.DB, "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.NANOSECONDS, body);
                            batchMs.add((System.nanoTime() - t0) / 1e6);
                            points.addAndGet(settings.batchSize());
                        }
                    } finally {
                        done.countDown();
                    }
                }, "store-writer-" + w);
                t.start();
            }
            done.await();
            long stop = System.nanoTime();
            double seconds = (stop - start) / 1e9;
            return new Run(points.get(), seconds, points.get() / seconds, Percentiles.of(batchMs), cpu.cores(0, start, stop),
                    Machine.loadAverage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Batch number b: consecutive points go to consecutive devices of the benchmark's
     * population (about 2,900, three per patient here), one type each, each series a new
     * nanosecond per batch, so no point overwrites another.
     */
    static String batch(long b, int size, long baseNanos) {
        StringBuilder sb = new StringBuilder(size * 80);
        int devices = Settings.PATIENTS * 3;
        for (int i = 0; i < size; i++) {
            long n = b * size + i;
            int device = (int) (n % devices);
            long round = n / devices;
            int patient = device / 3 + 1;
            sb.append("readings,device=dev-").append(device).append(",patient=p-").append(patient)
                    .append(",type=").append(TYPES[device % TYPES.length])
                    .append(" value=").append(60 + (n % 400) / 10.0)
                    .append(' ').append(baseNanos + round * 1_000_000L).append('\n');
        }
        return sb.toString();
    }
}
