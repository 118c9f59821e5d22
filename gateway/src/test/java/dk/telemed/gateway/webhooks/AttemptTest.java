package dk.telemed.gateway.webhooks;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptTest {
    static final Instant NOW = Instant.parse("2026-11-22T06:40:00Z");

    @Test
    void only2xxIsDelivered() {
        assertThat(Attempt.ofResponse(200, null, NOW)).isEqualTo(new Attempt.Delivered(200));
        assertThat(Attempt.ofResponse(204, null, NOW)).isEqualTo(new Attempt.Delivered(204));
        assertThat(Attempt.ofResponse(299, null, NOW)).isInstanceOf(Attempt.Delivered.class);
    }

    @Test
    void serverErrorsTimeoutsAndRateLimitsAreRetried() {
        for (int status : new int[]{500, 502, 503, 504, 599, 408, 429, 301, 302, 307, 100}) {
            assertThat(Attempt.ofResponse(status, null, NOW)).as("status %d", status).isInstanceOf(Attempt.Failed.class);
        }
        assertThat(Attempt.ofResponse(429, "7", NOW)).isEqualTo(new Attempt.Failed(429, "answered 429", Optional.of(Duration.ofSeconds(7))));
    }

    @Test
    void otherClientErrorsAreRefusedForGood() {
        for (int status : new int[]{400, 401, 403, 404, 405, 409, 410, 413, 422, 499}) {
            assertThat(Attempt.ofResponse(status, "5", NOW)).as("status %d", status).isEqualTo(new Attempt.Refused(status, "answered " + status));
        }
    }

    @Test
    void noAnswerIsRetriedWithAReasonAnOperatorCanRead() {
        Attempt refused = Attempt.ofError(new RuntimeException("wrapped", new ConnectException("Connection refused: /127.0.0.1:9")));
        assertThat(refused).isInstanceOf(Attempt.Failed.class);
        assertThat(((Attempt.Failed) refused).reason()).isEqualTo("cannot connect: Connection refused: /127.0.0.1:9");
        Attempt timedOut = Attempt.ofError(new TimeoutException("no complete answer within 20000 ms"));
        assertThat(((Attempt.Failed) timedOut).reason()).startsWith("timed out");
        assertThat(((Attempt.Failed) timedOut).status()).isZero();
    }
}
