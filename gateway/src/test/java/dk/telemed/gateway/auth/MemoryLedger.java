package dk.telemed.gateway.auth;

import dk.telemed.gateway.store.SessionLedger;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A session ledger in memory, shared by several {@link SharedSessions} as InfluxDB is by several gateways; it can be "down". */
final class MemoryLedger implements SessionLedger {
    record Recorded(String idHash, String username, Instant created, Event event, Instant at) {
    }

    final List<Recorded> events = new CopyOnWriteArrayList<>();
    volatile boolean down;

    @Override
    public Optional<Future<Void>> record(String idHash, String username, Instant created, Event event, Instant at) {
        if (down) {
            return Optional.of(Future.failedFuture("InfluxDB is down"));
        }
        events.add(new Recorded(idHash, username, created, event, at));
        return Optional.of(Future.succeededFuture());
    }

    @Override
    public Future<Optional<Stored>> find(String idHash, Instant notBefore) {
        if (down) {
            return Future.failedFuture("InfluxDB is down");
        }
        List<Recorded> mine = events.stream().filter(e -> e.idHash().equals(idHash) && !e.at().isBefore(notBefore)).toList();
        if (mine.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        Recorded first = mine.get(0);
        Instant last = mine.stream().map(Recorded::at).max(Instant::compareTo).orElseThrow();
        boolean ended = mine.stream().anyMatch(e -> e.event() == Event.SIGNED_OUT);
        return Future.succeededFuture(Optional.of(new Stored(first.username(), first.created(), last, ended)));
    }

    @Override
    public Future<List<String>> endedSince(Instant since) {
        if (down) {
            return Future.failedFuture("InfluxDB is down");
        }
        return Future.succeededFuture(events.stream().filter(e -> e.event() == Event.SIGNED_OUT && !e.at().isBefore(since))
                .map(Recorded::idHash).toList());
    }

    long count(Event event) {
        return events.stream().filter(e -> e.event() == event).count();
    }
}
