package dk.telemed.gateway.store;

import dk.telemed.gateway.config.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Points that must reach InfluxDB in the end, in the order given: they wait in a bounded queue
 * and one worker thread writes all that wait (up to a batch) in one request. A failed write
 * (InfluxDB restarting, unreachable, slow past the request deadline) keeps the points at the
 * head of the queue and is tried again after the gateway's InfluxDB backoff, for as long as it
 * takes; meanwhile further points queue behind them up to the bound the caller gives. Writing
 * a point again after a write whose answer was lost does no harm: same series, same time, same
 * fields is one point. So the event loop never waits for InfluxDB, and what was accepted is
 * lost only if the process ends while InfluxDB is unreachable.
 */
public final class PointQueue {
    private static final Logger LOG = LoggerFactory.getLogger(PointQueue.class);
    private static final int BATCH = 1_000;

    private record Waiting(Point point, Promise<Void> written, Context context) {
        void done(Throwable failure) {
            context.runOnContext(v -> {
                if (failure == null) {
                    written.tryComplete();
                } else {
                    written.tryFail(failure);
                }
            });
        }
    }

    private final Vertx vertx;
    private final InfluxClient client;
    private final WorkerExecutor writer;
    private final Backoff backoff;
    private final String name;
    private final Deque<Waiting> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;
    private long retryTimer = -1;
    private volatile long delayMs;
    private volatile boolean failing;

    /**
     * @param writer a worker pool of its own, of one thread: the points are written in order
     * @param name   what the points are, for the log ("audit entries")
     */
    public PointQueue(Vertx vertx, InfluxClient client, WorkerExecutor writer, Backoff backoff, String name) {
        this.vertx = vertx;
        this.client = client;
        this.writer = writer;
        this.backoff = backoff;
        this.name = name;
        this.delayMs = backoff.firstMs();
    }

    /**
     * Queues a point unless {@code limit} points wait already (then empty: the caller counts
     * what it lost). The future completes once the point is written, or fails when the first
     * attempt fails, while the point stays queued and is tried again.
     */
    public Optional<Future<Void>> offer(Point point, int limit) {
        Promise<Void> written = Promise.promise();
        boolean start;
        synchronized (queue) {
            if (closed || queue.size() >= limit) {
                return Optional.empty();
            }
            queue.addLast(new Waiting(point, written, vertx.getOrCreateContext()));
            start = !draining;
            draining = true;
        }
        if (start) {
            drainSoon();
        }
        return Optional.of(written.future());
    }

    /** Points waiting to be written now. */
    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Takes no more points and makes one last attempt at those that wait; returns how many could not be written. */
    public Future<Integer> close() {
        synchronized (queue) {
            closed = true;
            vertx.cancelTimer(retryTimer);
        }
        return writer.executeBlocking(() -> {
            try {
                drain();
                return 0;
            } catch (RuntimeException e) {
                int lost = queued();
                LOG.error("{}: {} could not be written to InfluxDB before the gateway stopped ({})", name, lost, e.toString());
                return lost;
            }
        }, true);
    }

    private void drainSoon() {
        writer.executeBlocking(() -> {
            drain();
            return null;
        }, true).onComplete(r -> {
            if (r.succeeded()) {
                if (failing) {
                    failing = false;
                    LOG.info("{}: InfluxDB takes them again", name);
                }
                delayMs = backoff.firstMs();
                return;
            }
            if (!failing) {
                failing = true;
                LOG.error("{}: InfluxDB does not take them ({}); {} wait and are tried again until it does",
                        name, r.cause().toString(), queued());
            }
            synchronized (queue) {
                if (closed) {
                    return;
                }
                retryTimer = vertx.setTimer(delayMs, id -> drainSoon());
            }
            delayMs = backoff.afterMs(delayMs);
        });
    }

    /** Writes from the head of the queue until it is empty. On the writer thread only. */
    private void drain() {
        boolean created = false;
        while (true) {
            List<Waiting> batch = new ArrayList<>();
            synchronized (queue) {
                if (queue.isEmpty()) {
                    draining = false;
                    return;
                }
                for (Waiting w : queue) {
                    batch.add(w);
                    if (batch.size() == BATCH) {
                        break;
                    }
                }
            }
            try {
                client.writePoints(batch.stream().map(Waiting::point).toList());
            } catch (InfluxDBException e) {
                if (!created && InfluxClient.isDatabaseNotFound(e)) {
                    // Nothing was ever stored: the first point creates the gateway's database.
                    client.createDatabase();
                    created = true;
                    continue;
                }
                if (isRefusal(e)) {
                    // Refused for what the points hold: trying again cannot help, and must not hold up those behind.
                    LOG.error("{}: InfluxDB refused {} of them, which are lost: {}", name, batch.size(), e.getMessage());
                    removeHead(batch.size());
                    batch.forEach(w -> w.done(e));
                    continue;
                }
                batch.forEach(w -> w.done(e));
                throw e;
            } catch (RuntimeException e) {
                batch.forEach(w -> w.done(e));
                throw e;
            }
            removeHead(batch.size());
            batch.forEach(w -> w.done(null));
        }
    }

    /** Only the writer thread takes from the queue, so its head is still the batch it wrote. */
    private void removeHead(int n) {
        synchronized (queue) {
            for (int i = 0; i < n; i++) {
                queue.removeFirst();
            }
        }
    }

    private static boolean isRefusal(InfluxDBException e) {
        return e instanceof InfluxDBException.FieldTypeConflictException
                || e instanceof InfluxDBException.PointsBeyondRetentionPolicyException
                || e instanceof InfluxDBException.UnableToParseException;
    }
}
