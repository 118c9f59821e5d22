package dk.telemed.gateway.audit;

import dk.telemed.gateway.store.InfluxClient;
import dk.telemed.gateway.store.PointQueue;
import dk.telemed.gateway.store.UniqueTimes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.influxdb.dto.Point;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The audit log as the extension measurement {@code audit} of the gateway's InfluxDB database,
 * shared by every gateway: one log however many gateways write to it and whichever of them is
 * active, read back whole from any of them. One point per entry, tag {@code writer} (the
 * gateway process that wrote it, {@link UniqueTimes}: two gateways' entries of the same instant
 * are two points), fields {@code username}, {@code role}, {@code action}, {@code patient} (absent
 * when none), {@code outcome}, {@code detail}; its time is the entry's, moved on by a nanosecond
 * when this gateway already wrote an entry at that instant. Entries are only ever added.
 *
 * <p>Entries wait in a bounded queue ({@link PointQueue}) and are written in order; while
 * InfluxDB does not take them they are tried again and wait, so a restart of InfluxDB loses
 * none. The queue's bound and the folding of refusals are {@link BoundedAuditLog}'s.
 */
public final class InfluxAuditLog extends BoundedAuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxAuditLog.class);
    static final String MEASUREMENT = "audit";

    private final InfluxClient client;
    private final WorkerExecutor readers;
    private final PointQueue queue;
    private final UniqueTimes times;
    /** The last entry handed to the queue: once it is written, so is every one before it. */
    private volatile Future<Void> lastWritten = Future.succeededFuture();

    /**
     * @param queue   the entries' own write queue (its own single writer thread)
     * @param readers worker threads for reading the log back
     * @param clock   decides the refusals' minutes
     */
    public InfluxAuditLog(Vertx vertx, InfluxClient client, PointQueue queue, WorkerExecutor readers, UniqueTimes times, Clock clock) {
        super(vertx, clock, "audit log (waiting for InfluxDB)");
        this.client = client;
        this.queue = queue;
        this.readers = readers;
        this.times = times;
    }

    @Override
    public int queued() {
        return queue.queued();
    }

    @Override
    boolean enqueue(AuditEntry entry, int limit) {
        synchronized (this) {
            // Under the lock: the timestamps go up in the order the entries join the queue.
            Optional<Future<Void>> written = queue.offer(point(entry, times), limit);
            written.ifPresent(w -> lastWritten = w);
            return written.isPresent();
        }
    }

    /**
     * Newest first, from every gateway's entries. Reads after this gateway's own entries asked
     * for so far are written (or have failed a first time), so an admin sees what was just done.
     */
    @Override
    public Future<List<AuditEntry>> recent(int limit, Optional<Instant> before) {
        String query = "SELECT * FROM " + MEASUREMENT + (before.isPresent() ? " WHERE time < $before" : "")
                + " ORDER BY time DESC LIMIT " + limit;
        Map<String, Object> parameters = new HashMap<>();
        before.ifPresent(b -> parameters.put("before", nanos(b)));
        return lastWritten.transform(ignored -> readers.executeBlocking(
                () -> entries(client.queryIfExists(query, parameters)), false));
    }

    /** Writes the minute's folded refusals and makes one last attempt at what waits. */
    public Future<Void> close() {
        stopFolding();
        return queue.close().mapEmpty();
    }

    static Point point(AuditEntry e, UniqueTimes times) {
        Point.Builder point = Point.measurement(MEASUREMENT)
                .time(times.nanos(e.at()), TimeUnit.NANOSECONDS)
                .tag("writer", times.writer())
                .addField("username", e.username())
                .addField("role", e.role())
                .addField("action", e.action())
                .addField("outcome", e.outcome())
                .addField("detail", e.detail());
        e.patient().ifPresent(p -> point.addField("patient", p));
        return point.build();
    }

    /** The entries of a query's answer, in its order; a point that is not an entry is skipped. */
    static List<AuditEntry> entries(QueryResult result) {
        List<AuditEntry> entries = new ArrayList<>();
        if (result == null || result.getResults() == null) {
            return entries;
        }
        for (QueryResult.Result r : result.getResults()) {
            for (QueryResult.Series s : r.getSeries() == null ? List.<QueryResult.Series>of() : r.getSeries()) {
                for (List<Object> row : s.getValues()) {
                    entry(s.getColumns(), row).ifPresent(entries::add);
                }
            }
        }
        return entries;
    }

    private static Optional<AuditEntry> entry(List<String> columns, List<Object> row) {
        Map<String, String> field = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (row.get(i) != null) {
                field.put(columns.get(i), row.get(i).toString());
            }
        }
        try {
            return Optional.of(new AuditEntry(Instant.parse(field.get("time")), field.get("username"), field.get("role"),
                    field.get("action"), Optional.ofNullable(field.get("patient")), field.get("outcome"), field.get("detail")));
        } catch (RuntimeException e) {
            LOG.warn("audit log: skipping a point that is not an entry ({})", e.getMessage());
            return Optional.empty();
        }
    }

    private static long nanos(Instant t) {
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }
}
