package dk.telemed.gateway.webhooks;

import dk.telemed.gateway.config.WebhookConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

import java.time.Clock;
import java.util.concurrent.TimeoutException;

/**
 * Posts one signed event to one receiver's configured URL, and nothing else: no redirects
 * are followed, TLS certificates and host names are verified (against the JVM's trust store,
 * or only the CAs of the webhook's {@code caFile} when it has one). Each
 * receiver has its own client and connection, so a slow one holds up no other.
 */
public final class WebhookClient implements Sender {
    private final Vertx vertx;
    private final HttpClient http;
    private final String url;
    private final long timeoutMs;
    private final long connectTimeoutMs;
    private final WebhookSigner signer;
    private final Clock clock;

    public WebhookClient(Vertx vertx, WebhookConfig config, WebhookSigner signer, Clock clock) {
        this.vertx = vertx;
        this.url = config.url();
        this.timeoutMs = config.timeoutMs();
        this.connectTimeoutMs = config.connectTimeoutMs();
        this.signer = signer;
        this.clock = clock;
        HttpClientOptions options = new HttpClientOptions()
                .setVerifyHost(true)
                .setTrustAll(false)
                .setConnectTimeout(config.connectTimeoutMs())
                .setKeepAliveTimeout(30);
        if (!config.caFile().isEmpty()) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(config.caFile()));
        }
        this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(1).setMaxWaitQueueSize(4));
    }

    /** Always succeeds: a failure to deliver is an {@link Attempt}, not a failed future. */
    @Override
    public Future<Attempt> post(String eventId, byte[] body) {
        long timestamp = clock.instant().getEpochSecond();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setFollowRedirects(false)
                .setConnectTimeout(connectTimeoutMs)
                .setIdleTimeout(timeoutMs)
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", "telemed-gateway")
                .putHeader("webhook-id", eventId)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signer.sign(eventId, timestamp, body));
        Promise<Attempt> result = Promise.promise();
        HttpClientRequest[] request = new HttpClientRequest[1];
        // A receiver that trickles its answer never trips the idle timeout: bound the whole exchange.
        long timer = vertx.setTimer(connectTimeoutMs + timeoutMs, id -> {
            if (result.tryComplete(Attempt.ofError(new TimeoutException("no complete answer within "
                    + (connectTimeoutMs + timeoutMs) + " ms"))) && request[0] != null) {
                request[0].reset();
            }
        });
        http.request(options)
                .compose(req -> {
                    request[0] = req;
                    return req.send(Buffer.buffer(body));
                })
                .compose(response -> {
                    String retryAfter = response.getHeader("retry-after");
                    // The body is not needed; read it to the end so the connection can be reused.
                    response.handler(chunk -> { });
                    return response.end().map(v -> Attempt.ofResponse(response.statusCode(), retryAfter, clock.instant()));
                })
                .onComplete(ar -> {
                    vertx.cancelTimer(timer);
                    result.tryComplete(ar.succeeded() ? ar.result() : Attempt.ofError(ar.cause()));
                });
        return result.future();
    }

    public Future<Void> close() {
        return http.close();
    }
}
