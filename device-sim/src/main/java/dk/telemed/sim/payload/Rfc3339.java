package dk.telemed.sim.payload;

/**
 * Writes RFC 3339 timestamps straight into a buffer. java.time's formatter allocates several
 * objects per call, which shows up at the benchmark's message rates.
 */
final class Rfc3339 {

    private static final long DAY_MS = 86_400_000L;

    private Rfc3339() {
    }

    /**
     * Appends e.g. {@code 2026-11-22T07:30:00+01:00}; milliseconds only when non-zero, and
     * {@code Z} when the offset is zero and {@code zulu} is requested.
     */
    static void append(ByteBuf out, long epochMillis, int offsetSeconds, boolean zulu) {
        long local = epochMillis + offsetSeconds * 1000L;
        long days = Math.floorDiv(local, DAY_MS);
        long msOfDay = Math.floorMod(local, DAY_MS);

        // Civil date from days since the epoch (H. Hinnant's algorithm, proleptic Gregorian).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);

        out.padded(year, 4).ch('-').padded(month, 2).ch('-').padded(day, 2).ch('T');
        long seconds = msOfDay / 1000;
        out.padded(seconds / 3600, 2).ch(':').padded(seconds / 60 % 60, 2).ch(':').padded(seconds % 60, 2);
        long millis = msOfDay % 1000;
        if (millis != 0) {
            out.ch('.').padded(millis, 3);
        }
        if (offsetSeconds == 0 && zulu) {
            out.ch('Z');
            return;
        }
        int abs = Math.abs(offsetSeconds);
        out.ch(offsetSeconds < 0 ? '-' : '+').padded(abs / 3600, 2).ch(':').padded(abs / 60 % 60, 2);
    }
}
