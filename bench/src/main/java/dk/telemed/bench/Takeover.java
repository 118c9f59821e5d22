package dk.telemed.bench;

import java.util.List;
import java.util.Optional;

/**
 * One takeover as the polls of the successor saw it: from the {@code kill -9} of the active to
 * the successor answering {@code /ready} 200, and to its {@code telemed_readings_stored_total}
 * rising above what it was before (a reading written to InfluxDB and acknowledged by it).
 *
 * <p>Both are upper bounds: the time is taken when the poll that first saw it was answered. The
 * event happened after the poll before it was sent (that one still saw nothing), so
 * {@code uncertaintyMs} is the width of that bracket.
 *
 * @param activeMs       kill → first poll answering /ready 200 (NaN when none did)
 * @param firstStoredMs  kill → first poll whose stored count had risen
 * @param uncertaintyMs  how much earlier the first stored reading may have been
 * @param pollMs         the median time a poll took to be answered, up to the one that saw the reading
 * @param longestPollMs  the longest of those: a poll answered late widens the bracket
 */
public record Takeover(double activeMs, double firstStoredMs, double uncertaintyMs, double pollMs, double longestPollMs) {

    /**
     * One poll of the successor.
     *
     * @param ready  /ready answered 200 (the member is active)
     * @param stored its telemed_readings_stored_total; NaN when /metrics did not answer 200 (a standby's 503)
     */
    public record Poll(long sentNanos, long answeredNanos, boolean ready, double stored) {
    }

    /**
     * The takeover seen by {@code polls} (in the order sent, all after the kill), or empty when
     * none saw a reading stored.
     *
     * @param storedBefore the successor's stored count before the kill (0 for a member that was never active)
     */
    public static Optional<Takeover> of(long killNanos, double storedBefore, List<Poll> polls) {
        double active = Double.NaN;
        long previousSent = killNanos;
        for (int i = 0; i < polls.size(); i++) {
            Poll p = polls.get(i);
            if (p.sentNanos() < killNanos) {
                throw new IllegalArgumentException("a poll sent before the kill: " + p);
            }
            if (p.ready() && Double.isNaN(active)) {
                active = millis(p.answeredNanos() - killNanos);
            }
            if (!Double.isNaN(p.stored()) && p.stored() > storedBefore) {
                Spread answered = Spread.of(polls.subList(0, i + 1).stream().map(q -> millis(q.answeredNanos() - q.sentNanos())).toList());
                return Optional.of(new Takeover(active, millis(p.answeredNanos() - killNanos), millis(p.answeredNanos() - previousSent),
                        answered.median(), answered.max()));
            }
            previousSent = p.sentNanos();
        }
        return Optional.empty();
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
