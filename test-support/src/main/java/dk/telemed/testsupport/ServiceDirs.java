package dk.telemed.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Each service gets its own subdirectory of the test's work dir ({@code mosquitto/},
 * {@code influxdb/}, {@code gateway/}), so one work dir can hold a whole setup.
 *
 * <p>Left-overs from an earlier {@code mvn} run (queued messages in mosquitto.db, old
 * readings, a log that already says "messages are being dropped") would make a test
 * depend on the run before it, so a directory is wiped the first time this JVM uses it.
 */
final class ServiceDirs {
    private static final Map<Path, Claim> CLAIMS = new ConcurrentHashMap<>();
    private static final Set<Path> USED_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private ServiceDirs() {
    }

    /** A directory held by one service; free again once released or its process has exited. */
    static final class Claim {
        private final Path dir;
        private volatile BooleanSupplier inUse = () -> true;

        private Claim(Path dir) {
            this.dir = dir;
        }

        Path dir() {
            return dir;
        }

        /** Frees the directory as soon as {@code process} has exited (a gateway that is restarted). */
        void heldWhileAlive(ManagedProcess process) {
            inUse = process::isAlive;
        }

        void release() {
            inUse = () -> false;
            CLAIMS.remove(dir, this);
        }

        private boolean inUse() {
            return inUse.getAsBoolean();
        }
    }

    /**
     * A fresh, empty {@code workDir/name} (or {@code name-2}, ... when a live service of
     * this JVM already uses it).
     */
    static Claim claimFresh(Path workDir, String name) {
        Claim claim = claim(workDir, name);
        wipe(claim.dir());
        USED_IN_THIS_JVM.add(claim.dir());
        return claim;
    }

    /**
     * {@code workDir/name} for a service that restarts as a new process (the gateway):
     * wiped only on first use in this JVM, so state survives a restart within a test.
     */
    static Claim claimKeepingState(Path workDir, String name) {
        Claim claim = claim(workDir, name);
        if (USED_IN_THIS_JVM.add(claim.dir())) {
            wipe(claim.dir());
        }
        return claim;
    }

    private static Claim claim(Path workDir, String name) {
        Path base = workDir.toAbsolutePath().normalize();
        for (int n = 1; ; n++) {
            Path dir = base.resolve(n == 1 ? name : name + "-" + n);
            Claim mine = new Claim(dir);
            Claim holder = CLAIMS.compute(dir, (d, existing) -> existing == null || !existing.inUse() ? mine : existing);
            if (holder == mine) {
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    mine.release();
                    throw new UncheckedIOException("cannot create " + dir, e);
                }
                return mine;
            }
        }
    }

    private static void wipe(Path dir) {
        try (var children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                deleteRecursively(child);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
