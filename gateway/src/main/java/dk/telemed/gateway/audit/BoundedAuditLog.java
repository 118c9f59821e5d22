package dk.telemed.gateway.audit;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every audit writer shares: entries wait in a bounded queue for their medium (the disk,
 * InfluxDB), so the event loop never waits for it; refusals of anonymous or failed requests are
 * folded per source per minute ({@link RefusalFolder}) and may fill half the queue at most, so a
 * flood of them can neither grow the queue without bound nor crowd out the entries of real
 * users; what does not fit is counted ({@link #dropped}) and logged as an error.
 */
public abstract class BoundedAuditLog implements AuditLog, AuditReader {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedAuditLog.class);
    /** Entries waiting for the medium, at most. */
    static final int CAPACITY = 10_000;
    /** Sources (with user, action and outcome) told apart per minute when folding refusals. */
    static final int FOLDED_KINDS = 1_000;

    private final Vertx vertx;
    private final RefusalFolder folder;
    private final AtomicLong dropped = new AtomicLong();
    private final long flusher;
    private final String name;

    /**
     * @param clock decides the refusals' minutes
     * @param name  the log and its medium, for the error when an entry does not fit ("audit log: … wait for InfluxDB")
     */
    BoundedAuditLog(Vertx vertx, Clock clock, String name) {
        this.vertx = vertx;
        this.name = name;
        this.folder = new RefusalFolder(clock, FOLDED_KINDS);
        // The count of a flood is written soon after its minute, even when no further request comes.
        this.flusher = vertx.setPeriodic(10_000, id -> folder.flush().forEach(this::append));
    }

    @Override
    public final void append(AuditEntry entry) {
        offer(entry, CAPACITY);
    }

    @Override
    public final void refusal(String source, AuditEntry entry) {
        folder.offer(source, entry).forEach(e -> offer(e, CAPACITY / 2));
    }

    /** Entries not written because the queue was full, since start. */
    public final long dropped() {
        return dropped.get();
    }

    /** Refusals counted into a per-minute summary instead of written one by one, since start. */
    public final long folded() {
        return folder.folded();
    }

    /** Entries waiting for the medium now. */
    public abstract int queued();

    /** Hands the entry to the writer unless {@code limit} entries wait already; false when it did not fit. */
    abstract boolean enqueue(AuditEntry entry, int limit);

    /** Stops folding: the minute's folded refusals go to the writer, before it closes. */
    final void stopFolding() {
        vertx.cancelTimer(flusher);
        folder.flushAll().forEach(this::append);
    }

    private void offer(AuditEntry entry, int limit) {
        if (!enqueue(entry, limit) && dropped.getAndIncrement() % 1_000 == 0) {
            LOG.error("{}: {} entries wait; an entry ({} by {}) was dropped ({} so far)",
                    name, queued(), entry.action(), entry.username(), dropped.get());
        }
    }
}
