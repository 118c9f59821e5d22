package dk.telemed.sim.mqtt;

import javax.net.SocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * Plain TCP sockets with Nagle's algorithm off and their input read through a buffer.
 *
 * <p>With Nagle on, each small publish waits for the previous one's TCP acknowledgement, which
 * the broker delays; that capped a connection at a few thousand messages per second regardless
 * of CPU. Unbuffered, Paho reads each packet's fixed header a byte at a time, so every PUBACK
 * cost three reads or more from the socket; buffered, one read takes in every PUBACK that has
 * arrived. Paho asks for the unconnected socket of {@link #createSocket()} and connects it
 * itself, with its connection timeout; the overloads that would connect without one are not
 * offered.
 */
final class TcpSocketFactory extends SocketFactory {
    private static final int INPUT_BUFFER_BYTES = 16 * 1024;

    @Override
    public Socket createSocket() throws IOException {
        return configure(new InputBuffered());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw connectedNotOffered();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw connectedNotOffered();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw connectedNotOffered();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw connectedNotOffered();
    }

    /** As {@link SocketFactory} answers for the unconnected socket it does not offer. */
    private static SocketException connectedNotOffered() {
        return new SocketException("only unconnected sockets are offered: connect them with a timeout");
    }

    private static Socket configure(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** A socket whose one input stream, asked for by Paho's receiving thread, reads ahead. */
    private static final class InputBuffered extends Socket {
        private InputStream buffered;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (buffered == null) {
                buffered = new BufferedInputStream(super.getInputStream(), INPUT_BUFFER_BYTES);
            }
            return buffered;
        }
    }
}
