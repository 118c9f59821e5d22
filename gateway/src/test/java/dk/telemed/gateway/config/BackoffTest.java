package dk.telemed.gateway.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofMillis(5000));

    @Test
    void waitsDoubleFromTheFirstUpToTheMaximumAndStayThere() {
        long wait = backoff.firstMs();
        StringBuilder waits = new StringBuilder().append(wait);
        for (int i = 0; i < 7; i++) {
            wait = backoff.afterMs(wait);
            waits.append(' ').append(wait);
        }
        assertThat(waits.toString()).isEqualTo("200 400 800 1600 3200 5000 5000 5000");
    }

    @Test
    void theBoundAfterNFailuresIsTheSameDoubling() {
        assertThat(backoff.bound(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.bound(5)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.bound(6)).isEqualTo(Duration.ofMillis(5000));
        assertThat(backoff.bound(1000)).as("no overflow after many failures").isEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void theInfluxSettingsAreReadFromTheConfiguration() {
        InfluxConfig influx = new InfluxConfig("http://localhost:8086", "telemed", 500, 20, 2, 100, 800, 10_000, 5_000);
        assertThat(Backoff.of(influx)).isEqualTo(new Backoff(Duration.ofMillis(100), Duration.ofMillis(800)));
    }

    @Test
    void aMaximumBelowTheFirstWaitIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < initial <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
