package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Severity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** What one rule concluded about one alert identity; the lifecycle turns it into state changes. */
public sealed interface Verdict permits Verdict.Alarm, Verdict.Clear {
    AlertKey key();

    /** When the reading behind the verdict was measured; empty for timer-made verdicts (missing, battery). */
    Optional<Instant> readingTs();

    /**
     * The rule holds at {@code severity}.
     *
     * @param threshold  the limit the value crossed, in {@code unit}
     * @param thresholds the bands in force, so the alert still says why after they change
     */
    record Alarm(AlertKey key, String careTeam, Severity severity, String rule, OptionalDouble value, String unit,
                 OptionalDouble threshold, Optional<Bands> thresholds, Optional<Instant> readingTs, String message)
            implements Verdict {
        public Alarm {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(careTeam, "careTeam");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The rule no longer holds, with the hysteresis margin: an open alert of this identity resolves. */
    record Clear(AlertKey key, OptionalDouble value, Optional<Instant> readingTs, String message) implements Verdict {
        public Clear {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(message, "message");
        }
    }
}
