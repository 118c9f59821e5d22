package dk.telemed.gateway.model;


import java.util.Objects;

/**
 * The identity that keeps one open alert per patient, type and rule (interface section 3).
 * {@code family} is the rule without its severity, so one alert follows a patient's SpO2
 * from yellow to red ({@code spo2.yellow.below} and {@code spo2.red.below} are the family
 * {@code below}); a device's LO joins the {@code below} family and HI the {@code above} one.
 * Written {@code patient|type|family}.
 */
public record AlertKey(String patient, String type, String family) {
    public static final String DEVICE_TYPE = "device";
    private static final String MISSING = "missing";

    public AlertKey {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(family, "family");
    }

    public static AlertKey band(String patient, MeasurementType type, Direction direction) {
        return new AlertKey(patient, type.wireName(), direction.wireName());
    }

    public static AlertKey trend(String patient, MeasurementType type, String ruleName) {
        return new AlertKey(patient, type.wireName(), ruleName);
    }

    public static AlertKey missing(String patient, MeasurementType type) {
        return new AlertKey(patient, type.wireName(), MISSING);
    }

    /** One per device: two devices of a patient with flat batteries are two jobs for the technicians. */
    public static AlertKey battery(String patient, String deviceId) {
        return new AlertKey(patient, DEVICE_TYPE, "battery.low:" + deviceId);
    }

    /** A device's alert (a low battery): it goes to the technical team, not to the patient's care team. */
    public boolean isDevice() {
        return DEVICE_TYPE.equals(type);
    }

    public String id() {
        return patient + "|" + type + "|" + family;
    }

    /** The inverse of {@link #id()}; empty for text of another shape. */
    public static java.util.Optional<AlertKey> parse(String id) {
        String[] parts = id == null ? new String[0] : id.split("\\|", 3);
        return parts.length == 3 ? java.util.Optional.of(new AlertKey(parts[0], parts[1], parts[2])) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return id();
    }
}
