package dk.telemed.gateway.ingest;

import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.MeasurementType;

import java.time.Instant;

/** A reading that passed validation, before it is attributed to a patient. */
public sealed interface DecodedItem {
    MeasurementType type();

    Instant ts();

    /** A value in the type's canonical unit. */
    record Measured(MeasurementType type, Instant ts, double value) implements DecodedItem {
    }

    /** The device's "LO"/"HI": outside its measuring range. */
    record BeyondRange(MeasurementType type, Instant ts, DeviceLimit.Side side) implements DecodedItem {
    }
}
