package dk.telemed.gateway.config;

import java.time.Duration;

/** The patient feedback's settings (see {@code feedback:} in {@code config/gateway.yaml}). */
public record FeedbackConfig(String path, long readingsIntervalMs) {
    /** Longer would keep a patient waiting for the word on a reading taken after a burst. */
    static final long MAX_READINGS_INTERVAL_MS = 10_000;

    void validate(Problems p) {
        p.require(path != null && !path.isBlank(), "feedback.path", "must name the feedback file (languages, care teams' phones)");
        p.between(readingsIntervalMs, 0, MAX_READINGS_INTERVAL_MS, "feedback.readingsIntervalMs");
    }

    public Duration readingsInterval() {
        return Duration.ofMillis(readingsIntervalMs);
    }
}
