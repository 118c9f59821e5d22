package dk.telemed.gateway.leadership;

import dk.telemed.gateway.config.CoordinationConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One election member as a process of its own, so a test can kill -9 or SIGSTOP it: it prints
 * its role changes ({@code ROLE ACTIVE <term>}, {@code ROLE STANDBY <reason>}) and, while
 * active, acts on a shared "world" file every few ms, as a gateway stores readings and raises
 * alerts: one line {@code <term> <member> <n>} per act, written only after checking
 * {@link Leadership#isActive()}, under a file lock as a store's transaction would be.
 *
 * <p>Arguments: connect, sessionTimeoutMs, electionPath, member, worldFile.
 */
public final class LeadershipMemberMain {
    private static final long ACT_EVERY_MS = 20;

    private LeadershipMemberMain() {
    }

    public static void main(String[] args) throws Exception {
        CoordinationConfig config = new CoordinationConfig(args[0], Long.parseLong(args[1]), 2_000, args[2], args[3]);
        Path world = Path.of(args[4]);
        Leadership leadership = Leadership.start(config, new Leadership.Listener() {
            @Override
            public void becameActive(FencingToken token) {
                say("ROLE ACTIVE " + Long.toHexString(token.term()));
            }

            @Override
            public void stoppedBeingActive(StepDownReason reason) {
                say("ROLE STANDBY " + reason);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(leadership::close));
        say("STARTED " + leadership.member());
        long acts = 0;
        try (FileChannel channel = FileChannel.open(world, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (true) {
                Thread.sleep(ACT_EVERY_MS);
                try (FileLock lock = channel.lock()) {
                    var fence = leadership.fence();
                    if (fence.isPresent()) {
                        String line = Long.toHexString(fence.get().term()) + " " + leadership.member() + " " + ++acts + "\n";
                        channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
