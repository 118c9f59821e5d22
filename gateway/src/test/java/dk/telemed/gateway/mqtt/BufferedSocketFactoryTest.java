package dk.telemed.gateway.mqtt;

import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferedSocketFactoryTest {
    @Test
    void aSocketReadsThroughOneBufferAndATimedOutReadLosesNothing() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket socket = new BufferedSocketFactory(2000).createSocket()) {
            // As Paho does: an unconnected socket from the factory, connected, with a read timeout.
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2000);
            socket.setSoTimeout(200);
            try (Socket peer = server.accept()) {
                InputStream in = socket.getInputStream();
                assertInstanceOf(BufferedInputStream.class, in);
                assertSame(in, socket.getInputStream());
                OutputStream out = peer.getOutputStream();

                out.write(new byte[]{0x30, 0x05, 'a', 'b', 'c', 'd', 'e', 0x40});
                out.flush();
                assertEquals(0x30, in.read());
                assertEquals(0x05, in.read());
                byte[] body = new byte[5];
                assertEquals(5, in.readNBytes(body, 0, 5));
                assertArrayEquals(new byte[]{'a', 'b', 'c', 'd', 'e'}, body);
                assertEquals(0x40, in.read());

                assertThrows(SocketTimeoutException.class, in::read);
                out.write(new byte[]{0x02, 0x00});
                out.flush();
                assertEquals(0x02, in.read());
                assertEquals(0x00, in.read());
            }
        }
    }

    @Test
    void theConnectedOverloadsConnectReadThroughTheBufferAndKeepADeadline() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket socket = new BufferedSocketFactory(2000).createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            assertTrue(socket.isConnected());
            assertInstanceOf(BufferedInputStream.class, socket.getInputStream());
        }
        // A listener whose backlog is full leaves further connects unanswered: the connect gives up at its deadline.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> filling = new ArrayList<>();
            try {
                BufferedSocketFactory factory = new BufferedSocketFactory(300);
                IOException failed = null;
                for (int i = 0; i < 16 && failed == null; i++) {
                    try {
                        filling.add(factory.createSocket(InetAddress.getLoopbackAddress(), full.getLocalPort()));
                    } catch (IOException e) {
                        failed = e;
                    }
                }
                assertInstanceOf(SocketTimeoutException.class, failed);
            } finally {
                for (Socket s : filling) {
                    s.close();
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new BufferedSocketFactory(0));
    }
}
