package dk.telemed.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.influxdb.dto.Point;
import org.influxdb.dto.QueryResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The signed-in sessions of every gateway, an extension measurement {@code sessions}: one
 * point per event of a session (signed in, seen, signed out), tag {@code writer} (the gateway
 * that wrote it, {@link UniqueTimes}), fields {@code id_hash} (SHA-256 of the session id, never
 * the id), {@code username}, {@code created_ms} and {@code event}. Neither the id nor a password
 * is stored, so reading the database does not give anybody a session. A session's state is
 * what its events say: signed out once any gateway wrote so, last seen at its newest event.
 */
public final class SessionStore implements SessionLedger {
    static final String MEASUREMENT = "sessions";
    /** Look-ups waiting for InfluxDB at most; more fail at once, so unknown cookies cannot queue without bound. */
    static final int MAX_WAITING_READS = 64;
    /** Session events waiting to be written at most (sign-ins, sign-outs and the once-a-minute "seen"). */
    static final int CAPACITY = 10_000;

    private final InfluxClient client;
    private final WorkerExecutor readers;
    private final PointQueue writes;
    private final UniqueTimes times;
    private final AtomicInteger waitingReads = new AtomicInteger();

    /** @param readers worker threads for the look-ups; each request has InfluxDB's request deadline */
    public SessionStore(InfluxClient client, WorkerExecutor readers, PointQueue writes, UniqueTimes times) {
        this.client = client;
        this.readers = readers;
        this.writes = writes;
        this.times = times;
    }

    @Override
    public Optional<Future<Void>> record(String idHash, String username, Instant created, Event event, Instant at) {
        return writes.offer(point(idHash, username, created, event, at), CAPACITY);
    }

    Point point(String idHash, String username, Instant created, Event event, Instant at) {
        return Point.measurement(MEASUREMENT)
                .time(times.nanos(at), TimeUnit.NANOSECONDS)
                .tag("writer", times.writer())
                .addField("id_hash", idHash)
                .addField("username", username)
                .addField("created_ms", created.toEpochMilli())
                .addField("event", event.wireName())
                .build();
    }

    @Override
    public Future<Optional<Stored>> find(String idHash, Instant notBefore) {
        return read(() -> stored(client.queryIfExists("SELECT * FROM " + MEASUREMENT + " WHERE id_hash = $hash AND time >= $from",
                Map.of("hash", idHash, "from", ReadingHistory.nanos(notBefore)))));
    }

    @Override
    public Future<List<String>> endedSince(Instant since) {
        return read(() -> {
            QueryResult result = client.queryIfExists("SELECT id_hash FROM " + MEASUREMENT
                    + " WHERE event = $event AND time >= $from", Map.of("event", Event.SIGNED_OUT.wireName(),
                    "from", ReadingHistory.nanos(since)));
            List<String> hashes = new ArrayList<>();
            for (Row row : rows(result)) {
                row.text("id_hash").ifPresent(hashes::add);
            }
            return hashes;
        });
    }

    /** The session told by these events (of one hash); empty without any. Pure, for tests. */
    static Optional<Stored> stored(QueryResult result) {
        String username = null;
        Instant created = null;
        Instant lastSeen = null;
        boolean ended = false;
        for (Row row : rows(result)) {
            Optional<Event> event = row.text("event").flatMap(Event::of);
            Optional<String> user = row.text("username");
            Optional<Instant> at = row.text("time").map(Instant::parse);
            if (event.isEmpty() || user.isEmpty() || at.isEmpty() || row.number("created_ms").isEmpty()) {
                continue;
            }
            username = user.get();
            created = Instant.ofEpochMilli(row.number("created_ms").get());
            lastSeen = lastSeen == null || at.get().isAfter(lastSeen) ? at.get() : lastSeen;
            ended |= event.get() == Event.SIGNED_OUT;
        }
        return username == null ? Optional.empty() : Optional.of(new Stored(username, created, lastSeen, ended));
    }

    private <T> Future<T> read(java.util.concurrent.Callable<T> query) {
        if (waitingReads.incrementAndGet() > MAX_WAITING_READS) {
            waitingReads.decrementAndGet();
            return Future.failedFuture(new IllegalStateException(MAX_WAITING_READS + " session look-ups wait for InfluxDB already"));
        }
        return readers.executeBlocking(query, false).onComplete(r -> waitingReads.decrementAndGet());
    }

    private record Row(List<String> columns, List<Object> values) {
        Optional<String> text(String column) {
            int i = columns.indexOf(column);
            return i < 0 || values.get(i) == null ? Optional.empty() : Optional.of(values.get(i).toString());
        }

        Optional<Long> number(String column) {
            int i = columns.indexOf(column);
            return i < 0 || !(values.get(i) instanceof Number n) ? Optional.empty() : Optional.of(n.longValue());
        }
    }

    private static List<Row> rows(QueryResult result) {
        List<Row> rows = new ArrayList<>();
        if (result == null) {
            return rows;
        }
        for (QueryResult.Series s : ReadingHistory.series(result)) {
            for (List<Object> values : s.getValues()) {
                rows.add(new Row(s.getColumns(), values));
            }
        }
        return rows;
    }
}
