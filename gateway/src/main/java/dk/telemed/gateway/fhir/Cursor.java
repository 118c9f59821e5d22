package dk.telemed.gateway.fhir;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page ends: the last Observation's time, device and kind, and whether the next page
 * lies after it (in the search's order) or before it (a {@code previous} link). Paging by
 * position in the order, not by offset, is what lets a client page through every match
 * exactly once while new readings arrive.
 */
record Cursor(boolean forward, Instant ts, String device, String kind) {
    private static final Pattern TEXT = Pattern.compile("([ab])([0-9a-z]{1,13})\\.([A-Za-z0-9._-]{1,64})~([a-z0-9.]{1,16})");

    static Cursor after(Measurement m, boolean forward) {
        return new Cursor(forward, m.ts(), m.device(), m.kind());
    }

    String text() {
        return (forward ? "a" : "b") + Long.toString(ObservationIds.nanos(ts), 36) + "." + device + "~" + kind;
    }

    static Optional<Cursor> parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long nanos = Long.parseLong(m.group(2), 36);
            return Optional.of(new Cursor(m.group(1).equals("a"), Instant.ofEpochSecond(0, nanos), m.group(3), m.group(4)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Negative when {@code m} comes before this position in ascending order, 0 at it, positive after. */
    int compareTo(Measurement m) {
        int c = m.ts().compareTo(ts);
        if (c != 0) {
            return c;
        }
        c = m.device().compareTo(device);
        return c != 0 ? c : m.kind().compareTo(kind);
    }
}
