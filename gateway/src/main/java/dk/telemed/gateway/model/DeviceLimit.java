package dk.telemed.gateway.model;

import java.time.Instant;

/**
 * A device reported that the value lies outside its measuring range ("LO"/"HI"). Nothing is
 * stored, but the value is known to be extreme, so the rules treat it as a red low or high.
 */
public record DeviceLimit(String patientId, String deviceId, MeasurementType type, Instant ts, Side side) {
    public enum Side { LO, HI }
}
