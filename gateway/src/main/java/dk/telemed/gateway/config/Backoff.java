package dk.telemed.gateway.config;

import java.time.Duration;

/**
 * How long to wait between the attempts of something that must succeed in the end (a write to
 * InfluxDB, a read the rules wait for, a connection to the broker): from {@code initial},
 * doubling, up to {@code max}, for as long as it takes. The one retry policy of the gateway:
 * InfluxDB's reads and writes follow {@code influx.retryInitialMs}/{@code retryMaxMs}, the
 * broker's reconnects {@code mqtt.maxReconnectDelaySeconds}, and webhook delivery, which also
 * gives up and honours Retry-After, draws its random waits below the same bound.
 */
public record Backoff(Duration initial, Duration max) {
    /** The broker's first reconnect waits a second. */
    private static final Duration FIRST_RECONNECT = Duration.ofSeconds(1);

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /** Reads and writes of InfluxDB that the gateway cannot do without. */
    public static Backoff of(InfluxConfig influx) {
        return new Backoff(Duration.ofMillis(influx.retryInitialMs()), Duration.ofMillis(influx.retryMaxMs()));
    }

    /** Reconnecting to the broker. */
    public static Backoff reconnect(MqttConfig mqtt) {
        Duration max = Duration.ofSeconds(mqtt.maxReconnectDelaySeconds());
        return new Backoff(FIRST_RECONNECT, max.compareTo(FIRST_RECONNECT) < 0 ? FIRST_RECONNECT : max);
    }

    public long firstMs() {
        return initial.toMillis();
    }

    /** The wait after one of {@code previousMs}: twice as long, at most {@code max}. */
    public long afterMs(long previousMs) {
        return Math.min(previousMs * 2, max.toMillis());
    }

    /** The longest wait after {@code failedAttempts} failures: {@code min(max, initial * 2^(n-1))}. */
    public Duration bound(int failedAttempts) {
        long initialMs = initial.toMillis();
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 40));
        return Duration.ofMillis(initialMs > (max.toMillis() >> doublings) ? max.toMillis() : initialMs << doublings);
    }
}
