package dk.telemed.gateway.rules;

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
     * <p>{@code threshold} is the limit the value crossed, in {@code unit}; {@code thresholds} the
     * bands in force, so the alert still says why after they change.
     */
    final class Alarm implements Verdict {
        private final AlertKey key;
        private final String careTeam;
        private final Severity severity;
        private final String rule;
        private final OptionalDouble value;
        private final String unit;
        private final OptionalDouble threshold;
        private final Optional<Bands> thresholds;
        private final Optional<Instant> readingTs;
        private final Message message;

        public Alarm(AlertKey key, String careTeam, Severity severity, String rule, OptionalDouble value, String unit,
                     OptionalDouble threshold, Optional<Bands> thresholds, Optional<Instant> readingTs, String message) {
            this(key, careTeam, severity, rule, value, unit, threshold, thresholds, readingTs,
                    new Message(Objects.requireNonNull(message, "message")));
        }

        /** With the message written on first use. */
        Alarm(AlertKey key, String careTeam, Severity severity, String rule, OptionalDouble value, String unit,
              OptionalDouble threshold, Optional<Bands> thresholds, Optional<Instant> readingTs, Supplier<String> message) {
            this(key, careTeam, severity, rule, value, unit, threshold, thresholds, readingTs,
                    new Message(Objects.requireNonNull(message, "message")));
        }

        private Alarm(AlertKey key, String careTeam, Severity severity, String rule, OptionalDouble value, String unit,
                      OptionalDouble threshold, Optional<Bands> thresholds, Optional<Instant> readingTs, Message message) {
            this.key = Objects.requireNonNull(key, "key");
            this.careTeam = Objects.requireNonNull(careTeam, "careTeam");
            this.severity = Objects.requireNonNull(severity, "severity");
            this.rule = Objects.requireNonNull(rule, "rule");
            this.value = value;
            this.unit = unit;
            this.threshold = threshold;
            this.thresholds = thresholds;
            this.readingTs = readingTs;
            this.message = message;
        }

        @Override
        public AlertKey key() {
            return key;
        }

        public String careTeam() {
            return careTeam;
        }

        public Severity severity() {
            return severity;
        }

        public String rule() {
            return rule;
        }

        public OptionalDouble value() {
            return value;
        }

        public String unit() {
            return unit;
        }

        public OptionalDouble threshold() {
            return threshold;
        }

        public Optional<Bands> thresholds() {
            return thresholds;
        }

        @Override
        public Optional<Instant> readingTs() {
            return readingTs;
        }

        @Override
        public String message() {
            return message.get();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Alarm a && key.equals(a.key) && careTeam.equals(a.careTeam) && severity == a.severity
                    && rule.equals(a.rule) && Objects.equals(value, a.value) && Objects.equals(unit, a.unit)
                    && Objects.equals(threshold, a.threshold) && Objects.equals(thresholds, a.thresholds)
                    && Objects.equals(readingTs, a.readingTs) && message().equals(a.message());
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, careTeam, severity, rule, value, unit, threshold, thresholds, readingTs, message());
        }

        @Override
        public String toString() {
            return "Alarm[key=" + key + ", careTeam=" + careTeam + ", severity=" + severity + ", rule=" + rule
                    + ", value=" + value + ", unit=" + unit + ", threshold=" + threshold + ", thresholds=" + thresholds
                    + ", readingTs=" + readingTs + ", message=" + message() + "]";
        }
    }

    /** The rule no longer holds, with the hysteresis margin: an open alert of this identity resolves. */
    final class Clear implements Verdict {
        private final AlertKey key;
        private final OptionalDouble value;
        private final Optional<Instant> readingTs;
        private final Message message;

        public Clear(AlertKey key, OptionalDouble value, Optional<Instant> readingTs, String message) {
            this(key, value, readingTs, new Message(Objects.requireNonNull(message, "message")));
        }

        /** With the message written on first use. */
        Clear(AlertKey key, OptionalDouble value, Optional<Instant> readingTs, Supplier<String> message) {
            this(key, value, readingTs, new Message(Objects.requireNonNull(message, "message")));
        }

        private Clear(AlertKey key, OptionalDouble value, Optional<Instant> readingTs, Message message) {
            this.key = Objects.requireNonNull(key, "key");
            this.value = value;
            this.readingTs = readingTs;
            this.message = message;
        }

        @Override
        public AlertKey key() {
            return key;
        }

        public OptionalDouble value() {
            return value;
        }

        @Override
        public Optional<Instant> readingTs() {
            return readingTs;
        }

        @Override
        public String message() {
            return message.get();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Clear c && key.equals(c.key) && Objects.equals(value, c.value)
                    && Objects.equals(readingTs, c.readingTs) && message().equals(c.message());
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, value, readingTs, message());
        }

        @Override
        public String toString() {
            return "Clear[key=" + key + ", value=" + value + ", readingTs=" + readingTs + ", message=" + message() + "]";
        }
    }

    /** A message given, or written once on first use. */
    final class Message {
        private Supplier<String> writer;
        private String text;

        private Message(String text) {
            this.text = text;
        }

        private Message(Supplier<String> writer) {
            this.writer = writer;
        }

        private String get() {
            if (text == null) {
                text = Objects.requireNonNull(writer.get(), "message");
                writer = null;
            }
            return text;
        }
    }
}
