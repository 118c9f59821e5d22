package dk.telemed.sim.population;

/** The three ways spec section 1 allows a device to write {@code ts}. */
public enum TimestampStyle {
    /** RFC 3339 in UTC, e.g. {@code 2026-11-22T07:31:10Z}. */
    UTC,
    /** RFC 3339 with the device's local (Danish) offset, e.g. {@code 2026-11-22T08:31:10+01:00}. */
    LOCAL_OFFSET,
    /** Epoch milliseconds as a JSON number. */
    EPOCH_MILLIS
}
