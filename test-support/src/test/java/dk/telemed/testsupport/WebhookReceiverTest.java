package dk.telemed.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookReceiverTest {
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    HttpResponse<String> post(WebhookReceiver receiver, String id, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(receiver.url())).timeout(Duration.ofSeconds(5))
                .header("webhook-id", id).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void recordsRequestsAndAnswersWithTheStatusSet() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start("hook")) {
            assertThat(post(receiver, "e-1", "{\"a\":1}").statusCode()).isEqualTo(200);
            receiver.answer(429, Map.of("Retry-After", "3"));
            HttpResponse<String> limited = post(receiver, "e-2", "{}");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("retry-after")).contains("3");
            post(receiver, "e-1", "{\"a\":1}");
            assertThat(receiver.requests()).extracting(WebhookReceiver.Request::answeredWith).containsExactly(200, 429, 429);
            assertThat(receiver.requests().get(0).text()).isEqualTo("{\"a\":1}");
            assertThat(receiver.requests().get(0).header("Webhook-Id")).isEqualTo("e-1");
            assertThat(receiver.distinctIds()).containsExactly("e-1", "e-2");
            assertThat(receiver.count("e-1")).isEqualTo(2);
        }
    }

    @Test
    void aStoppedReceiverRefusesConnectionsAndComesBackOnTheSamePort() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start("hook")) {
            post(receiver, "e-1", "{}");
            receiver.stop();
            assertThatThrownBy(() -> post(receiver, "e-2", "{}")).isInstanceOf(IOException.class);
            receiver.start();
            assertThat(post(receiver, "e-3", "{}").statusCode()).isEqualTo(200);
            assertThat(receiver.distinctIds()).containsExactly("e-1", "e-3");
        }
    }
}
