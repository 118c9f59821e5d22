package dk.telemed.gateway.audit;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FileAuditLogTest {
    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void entriesAreAppendedAsJsonLinesAndReadNewestFirst() throws Exception {
        Path file = dir.resolve("data/audit.log");
        FileAuditLog log = FileAuditLog.open(vertx, file);
        for (int i = 0; i < 5; i++) {
            log.append(entry(i));
        }
        List<AuditEntry> recent = await(log.recent(3, Optional.empty()));
        assertThat(recent).extracting(AuditEntry::detail).containsExactly("4", "3", "2");
        assertThat(await(log.recent(10, Optional.of(at(2))))).extracting(AuditEntry::detail).containsExactly("1", "0");
        assertThat(Files.readAllLines(file)).hasSize(5).first().asString()
                .startsWith("{\"at\":\"2026-01-01T08:00:00Z\",\"username\":\"nina\",\"role\":\"nurse\"")
                .contains("\"patient\":\"p-0000\"");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        await(log.close());
    }

    @Test
    void reopeningAppendsAndNeverTruncates() throws Exception {
        Path file = dir.resolve("audit.log");
        FileAuditLog first = FileAuditLog.open(vertx, file);
        first.append(entry(0));
        await(first.close());
        FileAuditLog second = FileAuditLog.open(vertx, file);
        second.append(entry(1));
        assertThat(await(second.recent(10, Optional.empty()))).extracting(AuditEntry::detail).containsExactly("1", "0");
        await(second.close());
    }

    @Test
    void aTornLineIsSkippedNotFatal() throws Exception {
        Path file = dir.resolve("audit.log");
        Files.writeString(file, "{\"at\":\"2026-01-01T07:00:00Z\",\"usern", StandardOpenOption.CREATE);
        Files.writeString(file, "\n", StandardOpenOption.APPEND);
        FileAuditLog log = FileAuditLog.open(vertx, file);
        log.append(entry(7));
        assertThat(await(log.recent(10, Optional.empty()))).extracting(AuditEntry::detail).containsExactly("7");
        await(log.close());
    }

    private static AuditEntry entry(int i) {
        return new AuditEntry(at(i), "nina", "nurse", "view-patient", Optional.of("p-000" + i), "allowed", Integer.toString(i));
    }

    private static Instant at(int i) {
        return Instant.parse("2026-01-01T08:00:00Z").plusSeconds(i);
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
