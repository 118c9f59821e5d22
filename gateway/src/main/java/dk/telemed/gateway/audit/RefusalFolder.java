package dk.telemed.gateway.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds refusals of anonymous or failed requests (a request to /fhir without a token, a
 * failed sign-in, a throttled one) per source per minute: the first of a kind from a source
 * in a minute is written as it is, the rest are counted, and one entry says how many there
 * were once the minute is over. A flood therefore writes a few lines a minute instead of one
 * per request, and the entries of real users are not stuck behind it. At most
 * {@code maxKeys} kinds are told apart in a minute; further sources share one tally.
 */
final class RefusalFolder {
    static final String OTHER_SOURCES = "(other sources)";

    private record Key(String source, String username, String action, String outcome) {
    }

    private static final class Tally {
        private final AuditEntry first;
        private long folded;

        private Tally(AuditEntry first) {
            this.first = first;
        }
    }

    private final Clock clock;
    private final int maxKeys;
    private final Map<Key, Tally> minute = new LinkedHashMap<>();
    private Instant minuteStart;
    private long foldedTotal;

    RefusalFolder(Clock clock, int maxKeys) {
        this.clock = clock;
        this.maxKeys = maxKeys;
        this.minuteStart = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    }

    /** What to write now for this refusal: nothing (folded), or the entry, after the summaries of a minute just over. */
    synchronized List<AuditEntry> offer(String source, AuditEntry entry) {
        List<AuditEntry> out = rollOver();
        Key key = new Key(source, entry.username(), entry.action(), entry.outcome());
        Tally tally = minute.get(key);
        if (tally == null && minute.size() >= maxKeys) {
            key = new Key(OTHER_SOURCES, "-", entry.action(), entry.outcome());
            tally = minute.get(key);
        }
        if (tally == null) {
            minute.put(key, new Tally(entry));
            out.add(entry);
        } else {
            tally.folded++;
            foldedTotal++;
        }
        return out;
    }

    /** The summaries of a minute that is over (called now and then, so a flood's count is written soon after it ends). */
    synchronized List<AuditEntry> flush() {
        return rollOver();
    }

    /** The summaries of the minute so far, written now: at shutdown, so that no count is lost. */
    synchronized List<AuditEntry> flushAll() {
        List<AuditEntry> out = rollOver();
        out.addAll(summaries(clock.instant()));
        minute.clear();
        return out;
    }

    /** Refusals counted into a summary instead of being written one by one, since start. */
    synchronized long folded() {
        return foldedTotal;
    }

    private List<AuditEntry> rollOver() {
        List<AuditEntry> out = new ArrayList<>();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        if (!now.isAfter(minuteStart)) {
            return out;
        }
        out.addAll(summaries(minuteStart.plus(1, ChronoUnit.MINUTES)));
        minute.clear();
        minuteStart = now;
        return out;
    }

    private List<AuditEntry> summaries(Instant end) {
        List<AuditEntry> out = new ArrayList<>();
        for (Map.Entry<Key, Tally> e : minute.entrySet()) {
            Tally t = e.getValue();
            if (t.folded > 0) {
                AuditEntry f = t.first;
                out.add(new AuditEntry(end, f.username(), f.role(), f.action(), f.patient(), f.outcome(),
                        "and " + t.folded + " more like this from " + e.getKey().source() + " in the minute from "
                                + minuteStart + " (folded)"));
            }
        }
        return out;
    }
}
