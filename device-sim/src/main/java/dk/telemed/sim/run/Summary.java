package dk.telemed.sim.run;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a run.
 *
 * @param failed readings whose publish failed (not retried)
 * @param elapsedSeconds from the first reading published until the last acknowledgement (status messages
 *     published before it, at connect, are not timed)
 * @param readingsPerSecond acknowledged readings per elapsed second
 */
public record Summary(long readingsSent, long readingsAcked, long messagesSent, long messagesAcked, long failed,
        double elapsedSeconds, double readingsPerSecond, Instant startedAt, Instant endedAt) {

    /** e.g. {@code device-sim: sent=12000 acked=12000 failed=0 messages=600 elapsed=1.52s rate=7894/s} */
    public String line() {
        return String.format(Locale.ROOT, "device-sim: sent=%d acked=%d failed=%d messages=%d elapsed=%.2fs rate=%d/s",
                readingsSent, readingsAcked, failed, messagesSent, elapsedSeconds, (long) readingsPerSecond);
    }

    /** The fields of the --report JSON, in a stable order. */
    public Map<String, Object> reportFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("readingsSent", readingsSent);
        m.put("readingsAcked", readingsAcked);
        m.put("messagesSent", messagesSent);
        m.put("messagesAcked", messagesAcked);
        m.put("failed", failed);
        m.put("elapsedSeconds", Math.round(elapsedSeconds * 1000) / 1000.0);
        m.put("readingsPerSecond", Math.round(readingsPerSecond * 10) / 10.0);
        m.put("startedAt", startedAt.truncatedTo(ChronoUnit.MILLIS).toString());
        m.put("endedAt", endedAt.truncatedTo(ChronoUnit.MILLIS).toString());
        return m;
    }
}
