package dk.telemed.gateway.webhooks;

import io.vertx.core.http.ConnectionPoolTooBusyException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * How one HTTP attempt to deliver an event ended, mapped from the status or the error in one
 * place: 2xx delivered; 5xx, 408, 429, 1xx/3xx and every transport error retried; any other
 * 4xx refused for good.
 */
public sealed interface Attempt {
    /** 2xx: the receiver has the event. */
    record Delivered(int status) implements Attempt {
    }

    /** Worth another try later: the receiver is down, slow, overloaded, or answered oddly. */
    record Failed(int status, String reason, Optional<Duration> retryAfter) implements Attempt {
    }

    /** A 4xx other than 408 and 429: the receiver refuses this event; retrying will not change that. */
    record Refused(int status, String reason) implements Attempt {
    }

    static Attempt ofResponse(int status, String retryAfter, Instant now) {
        if (status >= 200 && status < 300) {
            return new Delivered(status);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new Refused(status, "answered " + status);
        }
        String reason = "answered " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : "");
        return new Failed(status, reason, RetryPolicy.parseRetryAfter(retryAfter, now));
    }

    /** A request that got no answer. The message never holds a header (so never a signature). */
    static Attempt ofError(Throwable e) {
        return new Failed(0, describe(e), Optional.empty());
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof ConnectException)) {
            cause = cause.getCause();
        }
        if (cause instanceof ConnectException) {
            return "cannot connect: " + cause.getMessage();
        }
        if (cause instanceof TimeoutException || e instanceof TimeoutException) {
            return "timed out: " + e.getMessage();
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host: " + cause.getMessage();
        }
        if (cause instanceof SSLException) {
            return "TLS failed: " + cause.getMessage();
        }
        if (cause instanceof ConnectionPoolTooBusyException) {
            return "too many requests waiting for a connection";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
