package dk.telemed.gateway.mqtt;

import javax.net.SocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Plain TCP sockets whose input is buffered. Paho reads each packet's fixed header from the
 * socket a byte at a time (the type byte, then the length's one to four bytes) before the rest
 * in one read, so an unbuffered socket costs three system calls or more a packet; with a buffer
 * one read takes in as many packets as have arrived. Only for {@code tcp://}: a TLS socket
 * buffers what it has decrypted already, and Paho refuses a plain factory for {@code ssl://}.
 *
 * <p>Paho takes the unconnected socket of {@link #createSocket()} and connects it with its own
 * timeout. The overloads that return a connected socket, which {@link SocketFactory} requires,
 * connect within {@code connectTimeoutMs} too, so no connect through this factory waits for good.
 */
final class BufferedSocketFactory extends SocketFactory {
    /** Enough for many small packets, or a whole batch of readings, per read. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final int connectTimeoutMs;

    /** @param connectTimeoutMs the longest a connect of the connected overloads may take (mqtt.connectTimeoutSeconds) */
    BufferedSocketFactory(int connectTimeoutMs) {
        if (connectTimeoutMs < 1) {
            throw new IllegalArgumentException("a connect needs a deadline of at least 1 ms, got " + connectTimeoutMs);
        }
        this.connectTimeoutMs = connectTimeoutMs;
    }

    @Override
    public Socket createSocket() {
        return new BufferedInputSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    /** @param local the local address to bind to first, or null for any */
    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = new BufferedInputSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote, connectTimeoutMs);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static final class BufferedInputSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), BUFFER_BYTES);
            }
            return in;
        }
    }
}
