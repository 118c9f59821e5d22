package dk.telemed.gateway.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The bands in force for one patient and type from {@code from} on, until the next version:
 * what a reading measured in that time was judged against.
 */
public record BandsVersion(String patient, MeasurementType type, Instant from, Bands bands) {
    public BandsVersion {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(bands, "bands");
    }

    public String key() {
        return key(patient, type);
    }

    /** The key of a patient's series of versions for one type, as {@link #key()} gives it. */
    public static String key(String patient, MeasurementType type) {
        return patient + "|" + type.wireName();
    }
}
