package dk.telemed.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A browser's {@code EventSource} for tests: opens a {@code text/event-stream}, collects every
 * event (name and data) and comment line on a background thread, until closed.
 * <pre>
 * try (ServerSentEvents events = ServerSentEvents.open(gw.url() + "/api/events", Map.of("Cookie", "telemed_session=…"))) {
 *     Await.until("an alert event", WAIT, () -> !events.named("alert").isEmpty());
 * }
 * </pre>
 */
public final class ServerSentEvents implements AutoCloseable {
    /** One event: its {@code event:} name ("message" when none) and its {@code data:} lines joined. */
    public record Event(String name, String data) {
    }

    private final int status;
    private final InputStream body;
    private final List<Event> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final Thread reader;

    private ServerSentEvents(int status, InputStream body) {
        this.status = status;
        this.body = body;
        this.reader = new Thread(this::read, "sse-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Connects and returns once the answer's headers came; {@link #status()} says whether it is a stream. */
    public static ServerSentEvents open(String url, Map<String, String> headers) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new ServerSentEvents(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted opening " + url, e);
        }
    }

    public int status() {
        return status;
    }

    /** The events of this name received so far. */
    public synchronized List<Event> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    public synchronized List<String> comments() {
        return List.copyOf(comments);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        add(new Event(name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    addComment(line.substring(1).trim());
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).trim());
                }
            }
        } catch (IOException e) {
            // The stream ended: closed by the test or by the server.
        }
    }

    private synchronized void add(Event e) {
        events.add(e);
    }

    private synchronized void addComment(String c) {
        comments.add(c);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // Closing is best effort.
        }
        reader.interrupt();
    }
}
