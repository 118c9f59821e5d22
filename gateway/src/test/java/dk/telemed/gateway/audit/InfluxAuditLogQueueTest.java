package dk.telemed.gateway.audit;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.config.InfluxConfig;
import dk.telemed.gateway.store.InfluxClient;
import dk.telemed.gateway.store.PointQueue;
import dk.telemed.gateway.store.UniqueTimes;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log's queue while InfluxDB cannot be reached (nothing listens on its port): entries
 * wait, the queue is bounded, refusals use half of it at most and fold, and what does not fit is
 * counted.
 */
class InfluxAuditLogQueueTest {
    private final Vertx vertx = Vertx.vertx();
    private final InfluxClient unreachable = new InfluxClient(
            new InfluxConfig("http://127.0.0.1:9", "telemed", 100, 10, 1, 1_000, 1_000, 500, 1_000));
    private final WorkerExecutor writer = vertx.createSharedWorkerExecutor("audit-test-writer", 1);
    private final WorkerExecutor readers = vertx.createSharedWorkerExecutor("audit-test-readers", 1);
    private final InfluxAuditLog log = new InfluxAuditLog(vertx, unreachable,
            new PointQueue(vertx, unreachable, writer, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)), "audit entries"),
            readers, new UniqueTimes(new SecureRandom()), Clock.systemUTC());

    @AfterEach
    void close() throws Exception {
        log.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        unreachable.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void entriesWaitForInfluxDbUpToTheBoundAndWhatDoesNotFitIsCounted() {
        for (int i = 0; i < InfluxAuditLog.CAPACITY + 5; i++) {
            log.append(entry("nina", i));
        }
        assertThat(log.queued()).isEqualTo(InfluxAuditLog.CAPACITY);
        assertThat(log.dropped()).isEqualTo(5);
    }

    @Test
    void refusalsFillHalfTheQueueAtMostAndAFloodFromOneSourceFolds() {
        for (int i = 0; i < 1_000; i++) {
            log.refusal("10.0.0.1", new AuditEntry(Instant.now(), "-", "-", "fhir.read", Optional.of("p-0001"), "unauthenticated", "x"));
        }
        assertThat(log.queued()).as("one written, the rest folded").isEqualTo(1);
        assertThat(log.folded()).isEqualTo(999);
        for (int i = 1; i < InfluxAuditLog.CAPACITY / 2; i++) {
            log.append(entry("nina", i));
        }
        log.refusal("10.0.0.2", new AuditEntry(Instant.now(), "-", "-", "fhir.read", Optional.empty(), "unauthenticated", "x"));
        assertThat(log.dropped()).as("a refusal finds the queue half full").isEqualTo(1);
        log.append(entry("nina", 0));
        assertThat(log.dropped()).as("a real user's entry still fits").isEqualTo(1);
        assertThat(log.queued()).isEqualTo(InfluxAuditLog.CAPACITY / 2 + 1);
    }

    private static AuditEntry entry(String user, int i) {
        return new AuditEntry(Instant.now(), user, "nurse", "view-patient", Optional.of("p-0001"), "allowed", Integer.toString(i));
    }
}
