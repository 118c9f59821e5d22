package dk.telemed.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP port in front of an HTTP server (InfluxDB) that misbehaves on demand, the ways a
 * store does in the field: answers 500 to everything, or accepts connections and reads the
 * request but never says anything, or hangs only the queries while pings and writes go
 * through. Requests are taken one by one off each client connection (HTTP/1.1 with
 * Content-Length bodies, as influxdb-java sends them) and, while passing, forwarded each on a
 * connection of its own; the answer is streamed back as it comes.
 */
public final class FaultyHttpProxy implements AutoCloseable {
    /** How the port behaves for the requests that arrive from now on. */
    public enum Mode {
        /** Forwards every request. */
        PASS,
        /** Answers every request 500 Internal Server Error at once. */
        FAIL_500,
        /** Reads every request and never answers, holding the connection open. */
        SILENT,
        /** Forwards all but {@code /query}, which it reads and never answers. */
        SILENT_QUERIES
    }

    private final ServerSocket server;
    private final int targetPort;
    private final Thread acceptor;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    private FaultyHttpProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
        this.acceptor = new Thread(this::accept, "faulty-proxy-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /** Listens on a free loopback port and forwards to {@code 127.0.0.1:targetPort}. */
    public static FaultyHttpProxy start(int targetPort) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            FaultyHttpProxy proxy = new FaultyHttpProxy(server, targetPort);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's port", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Requests received so far, answered or not. */
    public long requests() {
        return requests.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "faulty-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (!closed) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                requests.incrementAndGet();
                Mode now = mode;
                if (now == Mode.SILENT || (now == Mode.SILENT_QUERIES && request.path().startsWith("/query"))) {
                    // Say nothing, read nothing more: the client's own deadline must end this.
                    while (!closed && in.read() >= 0) {
                        // discard
                    }
                    return;
                }
                if (now == Mode.FAIL_500) {
                    byte[] body = "{\"error\":\"injected failure\"}".getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    continue;
                }
                forward(request, out);
                // The upstream answered with "Connection: close": the client opens a new connection.
                return;
            }
        } catch (IOException e) {
            // A client or upstream that went away ends its connection; the next one starts afresh.
        } finally {
            open.remove(client);
        }
    }

    private void forward(Request request, OutputStream out) throws IOException {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            OutputStream up = upstream.getOutputStream();
            up.write(request.withConnectionClose());
            up.flush();
            upstream.getInputStream().transferTo(out);
            out.flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }

    /** One HTTP/1.1 request: its head and its Content-Length body. */
    private record Request(String head, byte[] body) {
        static Request read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return new Request(text, in.readNBytes(length));
        }

        String path() {
            String[] parts = head.split(" ", 3);
            return parts.length > 1 ? parts[1] : "";
        }

        byte[] withConnectionClose() {
            StringBuilder rewritten = new StringBuilder();
            for (String line : head.split("\r\n")) {
                if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    rewritten.append(line).append("\r\n");
                }
            }
            rewritten.append("Connection: close\r\n\r\n");
            byte[] h = rewritten.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            return all;
        }
    }
}
