package dk.telemed.sim.physiology;

/**
 * One measured value, in the canonical unit and not yet rounded: rounding to what the device
 * shows depends on the unit the device reports in, which is decided when the payload is written.
 *
 * @param type what was measured
 * @param tsMillis when it was measured, epoch milliseconds
 * @param value canonical-unit value; ignored when {@code limit} is not {@link RangeLimit#NONE}
 * @param limit whether the device showed LO/HI instead of a number
 */
public record Reading(ReadingType type, long tsMillis, double value, RangeLimit limit) {

    public static Reading of(ReadingType type, long tsMillis, double value) {
        return new Reading(type, tsMillis, value, RangeLimit.NONE);
    }

    public Reading withTimestamp(long newTsMillis) {
        return new Reading(type, newTsMillis, value, limit);
    }
}
