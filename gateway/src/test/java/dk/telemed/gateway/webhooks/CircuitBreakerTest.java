package dk.telemed.gateway.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    static final Instant T0 = Instant.parse("2026-11-22T06:40:00Z");
    final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(60));

    @Test
    void staysClosedBelowTheThreshold() {
        breaker.onFailure(T0);
        breaker.onFailure(T0);
        assertThat(breaker.state(T0)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.permittedAt(T0)).isEqualTo(T0);
    }

    @Test
    void opensAtTheThresholdAndAllowsOneProbeAfterTheCoolDown() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure(T0);
        }
        assertThat(breaker.state(T0.plusSeconds(59))).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.permittedAt(T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(60));
        assertThat(breaker.state(T0.plusSeconds(60))).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.permittedAt(T0.plusSeconds(61))).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void aFailedProbeOpensItForAnotherCoolDown() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure(T0);
        }
        breaker.onFailure(T0.plusSeconds(60));
        assertThat(breaker.state(T0.plusSeconds(61))).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.permittedAt(T0.plusSeconds(61))).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void anAnswerClosesIt() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure(T0);
        }
        breaker.onSuccess();
        assertThat(breaker.state(T0)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isZero();
        breaker.onFailure(T0);
        assertThat(breaker.state(T0)).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
