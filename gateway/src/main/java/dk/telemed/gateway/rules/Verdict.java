package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Severity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * What one rule concluded about one alert identity; the lifecycle turns it into state changes.
 *
 * <p>The message is written only when asked for: most verdicts change no alert (a normal
 * reading clears what is not open, a repeated alarm updates what is), and formatting the
 * numbers of every reading's sentence was a large share of the rules' time.
 */
public sealed interface Verdict permits Verdict.Alarm, Verdict.Clear {
    AlertKey key();

    /** When the reading behind the verdict was measured; empty for timer-made verdicts (missing, battery). */
    Optional<Instant> readingTs();

    /** The sentence for a nurse. */
    String message();

    /**
     * The rule holds at {@code severity}.
     *
     * @param threshold  the limit the value crossed, in {@code unit}
     * @param thresholds the bands in force, so the alert still says why after they change
     */
    record Alarm(AlertKey key, String careTeam, Severity severity, String rule, OptionalDouble value, String unit,
                 OptionalDouble threshold, Optional<Bands> thresholds, Optional<Instant> readingTs, Message wording)
            implements Verdict {
        public Alarm {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(careTeam, "careTeam");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(wording, "message");
        }

        public Alarm(AlertKey key, String careTeam, Severity severity, String rule, OptionalDouble value, String unit,
                     OptionalDouble threshold, Optional<Bands> thresholds, Optional<Instant> readingTs, String message) {
            this(key, careTeam, severity, rule, value, unit, threshold, thresholds, readingTs, new Message(message));
        }

        /** With the message written on first use. */
        Alarm(AlertKey key, String careTeam, Severity severity, String rule, OptionalDouble value, String unit,
              OptionalDouble threshold, Optional<Bands> thresholds, Optional<Instant> readingTs, Supplier<String> message) {
            this(key, careTeam, severity, rule, value, unit, threshold, thresholds, readingTs, new Message(message));
        }

        @Override
        public String message() {
            return wording.get();
        }
    }

    /** The rule no longer holds, with the hysteresis margin: an open alert of this identity resolves. */
    record Clear(AlertKey key, OptionalDouble value, Optional<Instant> readingTs, Message wording) implements Verdict {
        public Clear {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(wording, "message");
        }

        public Clear(AlertKey key, OptionalDouble value, Optional<Instant> readingTs, String message) {
            this(key, value, readingTs, new Message(message));
        }

        /** With the message written on first use. */
        Clear(AlertKey key, OptionalDouble value, Optional<Instant> readingTs, Supplier<String> message) {
            this(key, value, readingTs, new Message(message));
        }

        @Override
        public String message() {
            return wording.get();
        }
    }

    /** A message given, or written once on first use; two are equal when their sentences are. */
    final class Message {
        private Supplier<String> writer;
        private String text;

        private Message(String text) {
            this.text = Objects.requireNonNull(text, "message");
        }

        private Message(Supplier<String> writer) {
            this.writer = Objects.requireNonNull(writer, "message");
        }

        private String get() {
            if (text == null) {
                text = Objects.requireNonNull(writer.get(), "message");
                writer = null;
            }
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Message m && get().equals(m.get());
        }

        @Override
        public int hashCode() {
            return get().hashCode();
        }

        @Override
        public String toString() {
            return get();
        }
    }
}
