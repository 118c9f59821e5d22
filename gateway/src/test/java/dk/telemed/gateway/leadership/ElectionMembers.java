package dk.telemed.gateway.leadership;

import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Election members as processes ({@link LeadershipMemberMain}) against one ensemble, the shared
 * world file they act on, and what their logs say of their roles.
 */
final class ElectionMembers implements AutoCloseable {
    private final Path dir;
    private final String connect;
    private final long sessionTimeoutMs;
    private final Path world;
    private final Map<String, Member> members = new LinkedHashMap<>();

    ElectionMembers(Path dir, String connect, long sessionTimeoutMs) {
        this.dir = dir;
        this.connect = connect;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.world = dir.resolve("world.log");
    }

    /** A member's process and where its log stood when the test last looked. */
    static final class Member {
        final String name;
        final ManagedProcess process;
        boolean paused;

        Member(String name, ManagedProcess process) {
            this.name = name;
            this.process = process;
        }

        /** The last role the member reported: "ACTIVE term", "STANDBY reason", or "" before any. */
        String lastRole() {
            List<String> roles = process.log().lines().filter(l -> l.startsWith("ROLE ")).toList();
            return roles.isEmpty() ? "" : roles.get(roles.size() - 1).substring(5);
        }

        boolean saysActive() {
            return lastRole().startsWith("ACTIVE");
        }

        List<String> roleLines() {
            return process.log().lines().filter(l -> l.startsWith("ROLE ")).toList();
        }
    }

    Member start(String name) {
        Path log = dir.resolve(name + "-" + System.nanoTime() + ".log");
        ManagedProcess process = ManagedProcess.builder("member-" + name, List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-cp", System.getProperty("java.class.path"),
                        LeadershipMemberMain.class.getName(),
                        connect, Long.toString(sessionTimeoutMs), "/telemed/it/election", name, world.toString()))
                .directory(dir)
                .logFile(log)
                .start();
        Member member = new Member(name, process);
        members.put(name, member);
        Await.until(name + " started", Duration.ofSeconds(30), () -> process.log().contains("STARTED " + name));
        return member;
    }

    /** Members that run and are not paused. */
    List<Member> live() {
        return members.values().stream().filter(m -> m.process.isAlive() && !m.paused).toList();
    }

    Member member(String name) {
        return members.get(name);
    }

    /** Waits until exactly one live member reports being active, and returns it. */
    Member awaitOneActive(Duration timeout) {
        Await.until("exactly one active member among " + describe(), timeout,
                () -> live().stream().filter(Member::saysActive).count() == 1);
        return live().stream().filter(Member::saysActive).findFirst().orElseThrow();
    }

    /** Waits until no live member reports being active. */
    void awaitNoneActive(Duration timeout) {
        Await.until("no active member among " + describe(), timeout,
                () -> live().stream().noneMatch(Member::saysActive));
    }

    String describe() {
        return members.values().stream()
                .map(m -> m.name + (m.process.isAlive() ? (m.paused ? " (paused)" : "") : " (dead)") + ": " + m.lastRole())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The world's acts, in the order they happened: {term, member, n}. */
    List<String[]> acts() {
        try {
            if (!Files.exists(world)) {
                return List.of();
            }
            List<String[]> out = new ArrayList<>();
            for (String line : Files.readAllLines(world)) {
                String[] parts = line.split(" ");
                if (parts.length == 3) {
                    out.add(parts);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The most recent act's member, if any act happened. */
    Optional<String> lastActor() {
        List<String[]> acts = acts();
        return acts.isEmpty() ? Optional.empty() : Optional.of(acts.get(acts.size() - 1)[1]);
    }

    @Override
    public void close() {
        members.values().forEach(m -> {
            if (m.process.isAlive()) {
                m.process.kill();
            }
        });
    }
}
