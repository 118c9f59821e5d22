package dk.telemed.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real HTTP server on a loopback port, playing a nurses' system that receives webhooks:
 * it records every request (headers, exact body, time) and answers with a settable status
 * (200, 503, 410, 429 with Retry-After, ...), optionally after a delay (a slow receiver).
 * {@link #stop()} and {@link #start()} keep the port, so a test can take the receiver down
 * for a while and bring it back at the same URL.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final String path;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Answer answer = new Answer(200, Map.of(), Duration.ZERO);
    private HttpServer server;
    private ExecutorService executor;
    /** TLS of an https receiver, else null. */
    private javax.net.ssl.SSLContext tls;

    /** One request as received; header names in lower case. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body, Instant receivedAt,
                          int answeredWith) {
        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The {@code webhook-id} header. */
        public String id() {
            return header("webhook-id");
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record Answer(int status, Map<String, String> headers, Duration delay) {
    }

    private WebhookReceiver(int port, String path) {
        this.port = port;
        this.path = path;
    }

    /** A receiver answering 200 at {@code http://127.0.0.1:<free port>/hook}. */
    public static WebhookReceiver start(String name) {
        WebhookReceiver receiver = new WebhookReceiver(FreePorts.next(), "/" + name);
        receiver.start();
        return receiver;
    }

    /**
     * A receiver answering 200 at {@code https://127.0.0.1:<free port>/name}, with the server
     * certificate and key of {@code certificates} (made by {@link TestTls#makeCertificates}).
     */
    public static WebhookReceiver startHttps(String name, Path certificates) {
        WebhookReceiver receiver = new WebhookReceiver(FreePorts.next(), "/" + name);
        receiver.tls = TestTls.serverContext(certificates.resolve("server.crt"), certificates.resolve("server.key"));
        receiver.start();
        return receiver;
    }

    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    /** Answers every following request with this status. */
    public WebhookReceiver answer(int status) {
        return answer(status, Map.of());
    }

    /** Answers with this status and these headers, e.g. {@code answer(429, Map.of("Retry-After", "2"))}. */
    public WebhookReceiver answer(int status, Map<String, String> headers) {
        answer = new Answer(status, Map.copyOf(headers), answer.delay());
        return this;
    }

    /** Waits this long before answering: a slow receiver. */
    public WebhookReceiver delay(Duration delay) {
        answer = new Answer(answer.status(), answer.headers(), delay);
        return this;
    }

    /** Starts listening again after {@link #stop()}, on the same port (waiting for it to be free). */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("the receiver on port " + port + " is already running");
        }
        long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
        while (true) {
            try {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                if (tls == null) {
                    server = HttpServer.create(address, 50);
                } else {
                    HttpsServer https = HttpsServer.create(address, 50);
                    https.setHttpsConfigurator(new HttpsConfigurator(tls));
                    server = https;
                }
                break;
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new UncheckedIOException("cannot listen on port " + port + " again", e);
                }
                Await.sleep(100);
            }
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver-" + port);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Stops listening and drops open connections: senders now get "connection refused". */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(Predicate<Request> which) {
        return requests.stream().filter(which).collect(Collectors.toList());
    }

    /** The distinct {@code webhook-id}s in order of their first arrival (a receiver de-duplicating by id). */
    public List<String> distinctIds() {
        return requests.stream().map(Request::id).distinct().collect(Collectors.toList());
    }

    /** How many requests carried this {@code webhook-id}. */
    public long count(String webhookId) {
        return requests.stream().filter(r -> webhookId.equals(r.id())).count();
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Answer now = answer;
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                    Instant.now(), now.status()));
            if (!now.delay().isZero()) {
                Thread.sleep(now.delay().toMillis());
            }
            now.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(now.status(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "WebhookReceiver[" + url() + "]";
    }
}
