package dk.telemed.gateway;

import dk.telemed.gateway.audit.AuditLog;
import dk.telemed.gateway.audit.AuditLogs;
import dk.telemed.gateway.audit.AuditReader;
import dk.telemed.gateway.audit.FileAuditLog;
import dk.telemed.gateway.audit.InfluxAuditLog;
import dk.telemed.gateway.auth.SharedSessions;
import dk.telemed.gateway.auth.Sessions;
import dk.telemed.gateway.auth.Users;
import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.store.InfluxClient;
import dk.telemed.gateway.store.PointQueue;
import dk.telemed.gateway.store.SessionStore;
import dk.telemed.gateway.store.UniqueTimes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What must outlive a gateway, kept in InfluxDB (the one store every gateway shares): the
 * audit log, one continuous log whichever gateway is active, and the signed-in sessions, so
 * a nurse stays signed in when another gateway takes over. Part of the composition root.
 */
final class Trail {
    /** How often a session's use is written down at most; the idle timeout of a session taken over is this much less precise. */
    static final Duration SESSION_TOUCH = Duration.ofMinutes(1);

    private final Vertx vertx;
    private final InfluxAuditLog shared;
    private final Optional<FileAuditLog> copy;
    private final AuditLog auditLog;
    private final SharedSessions sessions;
    private final PointQueue sessionWrites;
    private final WorkerExecutor auditWriter;
    private final WorkerExecutor sessionWriter;
    private final WorkerExecutor readers;
    private long sweep = -1;

    /** @param copy the audit log's optional copy on this host's disk (audit.path) */
    Trail(Vertx vertx, GatewayConfig config, InfluxClient influx, Optional<FileAuditLog> copy, Users users,
          GatewayMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.copy = copy;
        Backoff retries = Backoff.of(config.influx());
        // One thread each: entries and session events are written in the order given.
        this.auditWriter = vertx.createSharedWorkerExecutor("influx-audit", 1);
        this.sessionWriter = vertx.createSharedWorkerExecutor("influx-sessions", 1);
        this.readers = vertx.createSharedWorkerExecutor("influx-trail-read", 2);
        SecureRandom random = new SecureRandom();
        this.shared = new InfluxAuditLog(vertx, influx, new PointQueue(vertx, influx, auditWriter, retries, "audit entries"),
                readers, new UniqueTimes(random), clock);
        this.auditLog = copy.<AuditLog>map(file -> AuditLogs.both(shared, file)).orElse(shared);
        metrics.auditQueue(shared, InfluxAuditLog::queued, InfluxAuditLog::folded, InfluxAuditLog::dropped);
        this.sessionWrites = new PointQueue(vertx, influx, sessionWriter, retries, "session events");
        Duration lifetime = Duration.ofSeconds(config.auth().sessionLifetimeSeconds());
        this.sessions = new SharedSessions(new Sessions(clock, Duration.ofSeconds(config.auth().sessionIdleSeconds()), lifetime),
                new SessionStore(influx, readers, sessionWrites, new UniqueTimes(random)),
                username -> users.find(username).map(Users.Account::user), clock, lifetime, SESSION_TOUCH);
    }

    /** What every component appends to: the shared log and, when configured, the copy on this host's disk. */
    AuditLog auditLog() {
        return auditLog;
    }

    /** The shared log, read back by admins. */
    AuditReader auditReader() {
        return shared;
    }

    SharedSessions sessions() {
        return sessions;
    }

    /** Starts reading sign-outs on other gateways and forgetting expired sessions. */
    Future<Void> start() {
        sweep = sessions.start(vertx);
        return Future.succeededFuture();
    }

    Future<Void> stop() {
        vertx.cancelTimer(sweep);
        return Future.succeededFuture();
    }

    /** Writes what waits (one last attempt each) and closes the files and threads. */
    Future<Void> close() {
        Future<Void> closed = Future.join(shared.close(), sessionWrites.close(),
                copy.map(FileAuditLog::close).orElse(Future.succeededFuture())).mapEmpty();
        return closed.eventually(() -> {
            auditWriter.close();
            sessionWriter.close();
            readers.close();
            return Future.succeededFuture();
        });
    }
}
