package dk.telemed.gateway.store;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.config.InfluxConfig;
import dk.telemed.gateway.ingest.ReadingWriter;
import dk.telemed.gateway.ingest.StoreOutcome;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.model.Reading;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.influxdb.InfluxDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes readings to InfluxDB in batches, off the event loop, and tells each caller when all
 * of its readings are written, so the MQTT message can be acknowledged only then.
 *
 * <p>A batch is written when it is full, or, when partly full, as soon as a write slot is
 * free after the linger; while writes are under way readings gather into the next batch, so
 * a burst becomes a few large writes. A failed write is retried with backoff until InfluxDB
 * answers: nothing is acknowledged meanwhile, so the broker keeps the messages, and the
 * buffer cannot outgrow what the broker lets us hold unacknowledged (mqtt.receiveMaximum).
 *
 * <p>Used from one event-loop context only; its state needs no locks.
 */
public final class ReadingStore implements ReadingWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingStore.class);

    private final Vertx vertx;
    private final InfluxClient client;
    private final InfluxConfig config;
    private final Backoff backoff;
    private final GatewayMetrics metrics;
    private final StoreHealth health;
    private final WorkerExecutor writers;
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    /** Callers (messages) whose readings are not all written yet; read by the metrics. */
    private final AtomicInteger pendingCallers = new AtomicInteger();
    /** Readings written or refused so far; read by the liveness check. */
    private final AtomicLong writtenTotal = new AtomicLong();
    private int writesInFlight;
    private long lingerTimer = -1;
    private long healthTimer = -1;
    private int consecutiveFailures;
    private Promise<Void> drained;

    public ReadingStore(Vertx vertx, InfluxClient client, InfluxConfig config, GatewayMetrics metrics, StoreHealth health) {
        this.vertx = vertx;
        this.client = client;
        this.config = config;
        this.backoff = Backoff.of(config);
        this.metrics = metrics;
        this.health = health;
        // One thread per concurrent write, plus one for pings and database creation.
        this.writers = vertx.createSharedWorkerExecutor("influx-writer", config.writeConcurrency() + 1);
        metrics.gauge("telemed.store.buffered", "Readings waiting for an InfluxDB write", buffer::size);
    }

    /** Creates the database when InfluxDB is reachable and keeps checking its health; does not wait for it. */
    public void start() {
        checkHealth();
        healthTimer = vertx.setPeriodic(config.healthIntervalMs(), id -> checkHealth());
    }

    public void stop() {
        vertx.cancelTimer(healthTimer);
        writers.close();
    }

    @Override
    public Future<StoreOutcome> store(List<Reading> readings, long receivedAtNanos) {
        if (readings.isEmpty()) {
            return Future.succeededFuture(StoreOutcome.ALL_STORED);
        }
        Request request = new Request(readings.size(), receivedAtNanos);
        pendingCallers.incrementAndGet();
        for (Reading r : readings) {
            buffer.add(new Entry(r, request));
        }
        scheduleWrites();
        return request.promise.future().onComplete(r -> pendingCallers.decrementAndGet());
    }

    /** Readings written (or refused by InfluxDB) so far; safe to call from any thread. */
    public long writtenTotal() {
        return writtenTotal.get();
    }

    public int buffered() {
        return buffer.size();
    }

    /** How many {@link #store} calls have readings not yet written or refused; safe to call from any thread. */
    public int pendingCallers() {
        return pendingCallers.get();
    }

    /**
     * For a graceful stop: writes what is buffered now, without waiting for the linger, and
     * completes when nothing is buffered or being written. A write that keeps failing keeps it
     * from completing; the caller bounds the wait.
     */
    public Future<Void> flush() {
        if (drained == null) {
            drained = Promise.promise();
        }
        Future<Void> result = drained.future();
        scheduleWrites();
        checkDrained();
        return result;
    }

    private void checkDrained() {
        if (drained != null && buffer.isEmpty() && writesInFlight == 0) {
            drained.tryComplete();
        }
    }

    private void scheduleWrites() {
        while (writesInFlight < config.writeConcurrency() && buffer.size() >= config.batchSize()) {
            write(take());
        }
        if (buffer.isEmpty() || writesInFlight >= config.writeConcurrency() || lingerTimer >= 0) {
            return;
        }
        if (config.lingerMs() == 0 || drained != null) {
            write(take());
        } else {
            lingerTimer = vertx.setTimer(config.lingerMs(), id -> {
                lingerTimer = -1;
                if (!buffer.isEmpty() && writesInFlight < config.writeConcurrency()) {
                    write(take());
                }
            });
        }
    }

    private List<Entry> take() {
        int n = Math.min(buffer.size(), config.batchSize());
        List<Entry> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(buffer.poll());
        }
        return batch;
    }

    private void write(List<Entry> batch) {
        writesInFlight++;
        attempt(batch, backoff.firstMs());
    }

    private void attempt(List<Entry> batch, long backoffMs) {
        List<Reading> readings = batch.stream().map(Entry::reading).toList();
        writers.executeBlocking(() -> {
            client.write(readings);
            return null;
        }, false).onComplete(result -> {
            if (result.succeeded()) {
                written(batch);
            } else if (isRefusal(result.cause())) {
                writeOneByOne(batch);
            } else {
                failed(batch, backoffMs, result.cause());
            }
        });
    }

    private void written(List<Entry> batch) {
        consecutiveFailures = 0;
        health.up();
        metrics.batchWritten(batch.size());
        writtenTotal.addAndGet(batch.size());
        batch.forEach(e -> e.request.done(e.reading, null, metrics));
        writesInFlight--;
        scheduleWrites();
        checkDrained();
    }

    private void failed(List<Entry> batch, long backoffMs, Throwable cause) {
        metrics.writeFailed();
        health.down(describe(cause));
        if (consecutiveFailures++ % 20 == 0) {
            LOG.warn("InfluxDB write of {} readings failed, retrying in {} ms; nothing is acknowledged until it succeeds: {}",
                    batch.size(), backoffMs, describe(cause));
        }
        if (cause instanceof InfluxDBException.DatabaseNotFoundException) {
            writers.executeBlocking(() -> {
                client.createDatabase();
                return null;
            }, false);
        }
        vertx.setTimer(backoffMs, id -> attempt(batch, backoff.afterMs(backoffMs)));
    }

    /**
     * InfluxDB refused the batch for something in its data. Writing each point alone keeps the
     * good ones and isolates the refused, which are reported instead of retried forever.
     */
    private void writeOneByOne(List<Entry> batch) {
        writers.executeBlocking(() -> {
            List<String> refusals = new ArrayList<>(batch.size());
            for (Entry e : batch) {
                try {
                    client.write(List.of(e.reading));
                    refusals.add(null);
                } catch (InfluxDBException ex) {
                    if (!isRefusal(ex)) {
                        throw ex;
                    }
                    refusals.add(describe(ex));
                }
            }
            return refusals;
        }, false).onComplete(result -> {
            if (result.failed()) {
                failed(batch, backoff.firstMs(), result.cause());
                return;
            }
            health.up();
            writtenTotal.addAndGet(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).request.done(batch.get(i).reading, result.result().get(i), metrics);
            }
            writesInFlight--;
            scheduleWrites();
            checkDrained();
        });
    }

    private static boolean isRefusal(Throwable t) {
        return t instanceof InfluxDBException.FieldTypeConflictException
                || t instanceof InfluxDBException.PointsBeyondRetentionPolicyException
                || t instanceof InfluxDBException.UnableToParseException;
    }

    private void checkHealth() {
        writers.executeBlocking(() -> {
            try {
                client.ping();
                health.pinged(true);
            } catch (RuntimeException e) {
                health.pinged(false);
                throw e;
            }
            client.createDatabase();
            return null;
        }, false).onComplete(r -> {
            if (r.succeeded()) {
                health.up();
            } else {
                health.down(describe(r.cause()));
            }
        });
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    private record Entry(Reading reading, Request request) {
    }

    /** One caller's readings; completes when each has been written or refused. */
    private static final class Request {
        final Promise<StoreOutcome> promise = Promise.promise();
        final long receivedAtNanos;
        final int total;
        int remaining;
        List<Reading> refused = List.of();
        String refusalReason = "";

        Request(int count, long receivedAtNanos) {
            this.total = count;
            this.remaining = count;
            this.receivedAtNanos = receivedAtNanos;
        }

        void done(Reading reading, String refusal, GatewayMetrics metrics) {
            if (refusal != null) {
                if (refused.isEmpty()) {
                    refused = new ArrayList<>();
                }
                refused.add(reading);
                refusalReason = refusal;
            }
            if (--remaining == 0) {
                if (total > refused.size()) {
                    metrics.stored(total - refused.size(), receivedAtNanos);
                }
                promise.complete(refused.isEmpty() ? StoreOutcome.ALL_STORED : new StoreOutcome(refused, refusalReason));
            }
        }
    }
}
