package dk.telemed.testsupport;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A hostile MQTT 5 client written byte by byte, for what a well-behaved library refuses to do:
 * publish a packet larger than the broker's announced Maximum Packet Size. It signs in with a
 * real account over TLS, then streams one QoS 1 PUBLISH of any size, as a device firmware or a
 * script holding a stolen password could.
 */
public final class RawMqtt implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawMqtt(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /**
     * Connects to an {@code ssl://host:port} listener trusting {@code caFile}, sends CONNECT
     * with the account and returns once the broker accepted it (CONNACK reason code 0).
     */
    public static RawMqtt connectTls(String host, int port, Path caFile, String clientId, String username, String password)
            throws IOException {
        SSLSocket tls = (SSLSocket) TestTls.trusting(caFile).getSocketFactory().createSocket();
        tls.connect(new InetSocketAddress(host, port), 5_000);
        tls.setSoTimeout(10_000);
        tls.startHandshake();
        RawMqtt mqtt = new RawMqtt(tls);
        try {
            mqtt.connect(clientId, username, password);
        } catch (IOException | RuntimeException e) {
            mqtt.close();
            throw e;
        }
        return mqtt;
    }

    private void connect(String clientId, String username, String password) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, (byte) 0xC2, 0, 30, 0}); // v5, user+password+clean start, 30 s, no properties
        string(body, clientId);
        string(body, username);
        string(body, password);
        out.write(0x10);
        out.write(remainingLength(body.size()));
        body.writeTo(out);
        out.flush();
        int type = in.readUnsignedByte();
        int length = readRemainingLength();
        byte[] connack = in.readNBytes(length);
        if (type != 0x20 || connack.length < 2 || connack[1] != 0) {
            throw new IOException("the broker refused the connection: CONNACK " + Arrays.toString(connack));
        }
    }

    /**
     * Streams a QoS 1 PUBLISH whose payload is {@code payloadBytes} long (filled with 'A').
     * Returns how many payload bytes were written before the broker closed the connection, or
     * {@code payloadBytes} when all were written.
     */
    public long publishOversized(String topic, long payloadBytes) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        long remaining = 2L + topicBytes.length + 2 + 1 + payloadBytes;
        long written = 0;
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write(0x32);                               // PUBLISH, QoS 1
            head.writeBytes(remainingLength(remaining));
            string(head, topic);
            head.writeBytes(new byte[] {0, 1, 0});          // packet id 1, no properties
            head.writeTo(out);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'A');
            while (written < payloadBytes) {
                int n = (int) Math.min(chunk.length, payloadBytes - written);
                out.write(chunk, 0, n);
                written += n;
            }
            out.flush();
            return written;
        } catch (IOException e) {
            return written;
        }
    }

    /** True once the broker has closed the connection (a read sees its end within a few seconds). */
    public boolean closedByBroker() {
        try {
            socket.setSoTimeout(5_000);
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    private int readRemainingLength() throws IOException {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed remaining length");
    }

    private static byte[] remainingLength(long length) {
        if (length > 268_435_455L) {
            throw new IllegalArgumentException("MQTT cannot express a packet of " + length + " bytes");
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        long x = length;
        do {
            int digit = (int) (x % 128);
            x /= 128;
            b.write(x > 0 ? digit | 0x80 : digit);
        } while (x > 0);
        return b.toByteArray();
    }

    private static void string(ByteArrayOutputStream to, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        to.write(bytes.length >> 8);
        to.write(bytes.length & 0xFF);
        to.writeBytes(bytes);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing what the broker already closed is no failure.
        }
    }
}
