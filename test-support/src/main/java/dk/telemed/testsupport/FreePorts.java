package dk.telemed.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback TCP ports for the services a test starts.
 *
 * <p>Ports are picked at random BELOW the kernel's ephemeral range, not with
 * {@code new ServerSocket(0)}: a server that is stopped and started again on the same
 * port (broker restart tests) would otherwise race with the outgoing connections the
 * test itself makes, which take their local ports from the ephemeral range. Random
 * choice keeps parallel JVMs (several Maven modules) from converging on one port.
 */
public final class FreePorts {
    private static final int LOWEST = 20000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A loopback port nothing listens on now, never returned before in this JVM. */
    public static int next() {
        int highest = highestBelowEphemeralRange();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = highest > LOWEST + 1000
                    ? ThreadLocalRandom.current().nextInt(LOWEST, highest + 1)
                    : kernelChosenPort();
            if (isBindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    private static int highestBelowEphemeralRange() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        // A reader, not Files.readString: JDK 17 reads only the first byte of a procfs
        // file, whose reported size is 0 ("3" instead of "32768 60999").
        try (BufferedReader reader = Files.newBufferedReader(range)) {
            String first = reader.readLine().trim().split("\\s+")[0];
            return Integer.parseInt(first) - 1;
        } catch (IOException | RuntimeException e) {
            // Not Linux: BSD/macOS ephemeral ports start at 49152, far above this.
            return 32767;
        }
    }

    private static int kernelChosenPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
    }

    static boolean isBindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Without SO_REUSEADDR a port in TIME_WAIT counts as taken: the service
            // may not set it either.
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
