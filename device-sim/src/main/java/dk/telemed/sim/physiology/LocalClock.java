package dk.telemed.sim.physiology;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Local (patient's) wall-clock time for the daily rhythm and for timestamps written with an
 * offset. The offset is cached per UTC hour because it is asked for on every reading and
 * changes at most twice a year, on the hour.
 */
public final class LocalClock {

    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;

    private final ZoneId zone;
    private final ZoneRules rules;
    private long cachedHour = Long.MIN_VALUE;
    private int cachedOffsetSeconds;

    public LocalClock(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
    }

    public ZoneId zone() {
        return zone;
    }

    /** Offset from UTC at that instant, in seconds. */
    public int offsetSeconds(long epochMillis) {
        long hour = Math.floorDiv(epochMillis, HOUR_MS);
        if (hour != cachedHour) {
            cachedOffsetSeconds = rules.getOffset(Instant.ofEpochMilli(hour * HOUR_MS)).getTotalSeconds();
            cachedHour = hour;
        }
        return cachedOffsetSeconds;
    }

    /** Local time of day in hours, 0 ≤ h &lt; 24. */
    public double hourOfDay(long epochMillis) {
        long local = epochMillis + offsetSeconds(epochMillis) * 1000L;
        return Math.floorMod(local, DAY_MS) / (double) HOUR_MS;
    }

    /** Local calendar day, as days since 1970-01-01. */
    public long localDay(long epochMillis) {
        return Math.floorDiv(epochMillis + offsetSeconds(epochMillis) * 1000L, DAY_MS);
    }
}
