package dk.telemed.gateway.feedback;

import java.time.Instant;

/**
 * An instant as {@link Instant#toString()} writes it (ISO-8601 in UTC, the fraction in groups of
 * three digits, none when it is zero), with the date and time of day kept for the second it
 * belongs to: every feedback message carries the time it was sent, and formatting the whole
 * date for each one was a visible share of the gateway's time. Safe from any thread.
 */
final class InstantText {
    private volatile Second last = new Second(Long.MIN_VALUE, "");

    String format(Instant t) {
        Second s = last;
        if (s.epochSecond() != t.getEpochSecond()) {
            String whole = Instant.ofEpochSecond(t.getEpochSecond()).toString();
            s = new Second(t.getEpochSecond(), whole.substring(0, whole.length() - 1));
            last = s;
        }
        int nano = t.getNano();
        if (nano == 0) {
            return s.text() + 'Z';
        }
        StringBuilder b = new StringBuilder(s.text().length() + 11).append(s.text()).append('.');
        // As Instant.toString(): digits in groups of three, as far as they are not all zero.
        int div = 100_000_000;
        for (int i = 0; nano > 0 || i % 3 != 0; i++) {
            int digit = nano / div;
            b.append((char) ('0' + digit));
            nano -= digit * div;
            div /= 10;
        }
        return b.append('Z').toString();
    }

    private record Second(long epochSecond, String text) {
    }
}
