package dk.telemed.gateway.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A copy of the audit log on this host's disk ({@code audit.path}), for a log shipper: the log
 * of record is {@link InfluxAuditLog}. A file of JSON lines, opened for appending only. Entries wait in a bounded
 * queue and are written in the order given by a single worker thread, which writes all that
 * wait and forces them to disk together before it takes the next ones; so the event loop
 * never waits for the disk, an entry is on disk before any later one, and a burst costs one
 * disk flush, not one per entry. The queue's bound and the folding of refusals are
 * {@link BoundedAuditLog}'s; a write that fails is logged as an error (the request it records
 * has already been answered).
 */
public final class FileAuditLog extends BoundedAuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(FileAuditLog.class);
    private final Path path;
    private final FileChannel channel;
    private final WorkerExecutor writer;
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    private FileAuditLog(Vertx vertx, Path path, FileChannel channel, WorkerExecutor writer, Clock clock) {
        super(vertx, clock, "audit log " + path + " (waiting for the disk)");
        this.path = path;
        this.channel = channel;
        this.writer = writer;
    }

    /** Opens (creating it and its directory when missing) the log at {@code path}. Blocking: call at start. */
    public static FileAuditLog open(Vertx vertx, Path path) throws IOException {
        return open(vertx, path, Clock.systemUTC());
    }

    /** {@link #open(Vertx, Path)} with the clock that decides the refusals' minutes. */
    public static FileAuditLog open(Vertx vertx, Path path, Clock clock) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        // A new log is readable by the gateway's user only: it names who looked at which patient.
        FileChannel channel = path.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(path, options);
        return new FileAuditLog(vertx, path, channel, vertx.createSharedWorkerExecutor("audit-log-" + path.toAbsolutePath(), 1),
                clock);
    }

    public Path path() {
        return path;
    }

    @Override
    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    @Override
    boolean enqueue(AuditEntry entry, int limit) {
        byte[] line = (AuditEntryJson.toJson(entry).encode() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (queue) {
            if (queue.size() >= limit) {
                return false;
            }
            queue.addLast(line);
        }
        if (draining.compareAndSet(false, true)) {
            writer.executeBlocking(() -> {
                drain();
                return null;
            }, true).onFailure(e -> LOG.error("audit log {}: entries were not written: {}", path, e.toString()));
        }
        return true;
    }

    /** Writes what waits, forces it to disk, and again, until nothing waits. On the writer thread only. */
    private void drain() throws IOException {
        List<byte[]> batch = new ArrayList<>();
        while (true) {
            synchronized (queue) {
                if (queue.isEmpty()) {
                    draining.set(false);
                    return;
                }
                batch.addAll(queue);
                queue.clear();
            }
            try {
                write(batch);
            } catch (IOException | RuntimeException e) {
                synchronized (queue) {
                    draining.set(false);
                }
                throw e;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * At most {@code limit} entries before {@code before} (all when empty), newest first.
     * Reads after every append asked for so far, since the same single thread does both.
     */
    @Override
    public Future<List<AuditEntry>> recent(int limit, Optional<Instant> before) {
        return writer.executeBlocking(() -> read(limit, before), true);
    }

    /** Stops the writer after the entries already handed to it. */
    public Future<Void> close() {
        stopFolding();
        Future<Void> closed = writer.executeBlocking(() -> {
            channel.close();
            return null;
        }, true);
        return closed.eventually(writer::close);
    }

    private void write(List<byte[]> lines) throws IOException {
        for (byte[] line : lines) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        channel.force(false);
    }

    private List<AuditEntry> read(int limit, Optional<Instant> before) {
        Deque<AuditEntry> last = new ArrayDeque<>();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                parse(line).filter(e -> before.map(b -> e.at().isBefore(b)).orElse(true)).ifPresent(e -> {
                    last.addFirst(e);
                    if (last.size() > limit) {
                        last.removeLast();
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + path, e);
        }
        return new ArrayList<>(last);
    }

    private Optional<AuditEntry> parse(String line) {
        try {
            return Optional.of(AuditEntryJson.fromJson(new JsonObject(line)));
        } catch (RuntimeException e) {
            LOG.warn("audit log {}: skipping a line that is not an entry ({})", path, e.getMessage());
            return Optional.empty();
        }
    }
}
