package dk.telemed.gateway.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated measurement in its canonical unit, attributed to the patient who owns the device.
 * Its value is finite: InfluxDB has no float for anything else, and ingest refuses one.
 */
public record Reading(String patientId, String deviceId, MeasurementType type, Instant ts, double value) {
    public Reading {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ts, "ts");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a reading's value must be finite, was " + value);
        }
    }
}
