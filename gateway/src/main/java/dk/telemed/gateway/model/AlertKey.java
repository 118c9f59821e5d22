package dk.telemed.gateway.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The identity that keeps one open alert per patient, type and rule (interface section 3).
 * A clinical alert ({@link Rule}) is one per patient, measurement (or questionnaire) and rule
 * family: {@code family} is the rule without its severity, so one alert follows a patient's SpO2
 * from yellow to red ({@code spo2.yellow.below} and {@code spo2.red.below} are the family
 * {@code below}); a device's LO joins the {@code below} family and HI the {@code above} one.
 * A device's alert ({@link Battery}) is one per device. Written {@code patient|type|family}, a
 * low battery {@code patient|device|battery.low:{deviceId}}: the text the store keeps and the
 * alert ids are derived from, so it never changes.
 */
public sealed interface AlertKey {
    String DEVICE_TYPE = "device";

    String patient();

    /** The measurement type's wire name, the questionnaire type, or {@value #DEVICE_TYPE}. */
    String type();

    /** The rule family, as written in the key's text. */
    String family();

    /** A clinical alert: a patient's measurement (or questionnaire) judged by one family of rules. */
    record Rule(String patient, String type, String family) implements AlertKey {
        public Rule {
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(family, "family");
            if (type.equals(DEVICE_TYPE)) {
                throw new IllegalArgumentException("a device's alert is an AlertKey.Battery, not a rule of type " + DEVICE_TYPE);
            }
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** One per device: two devices of a patient with flat batteries are two jobs for the technicians. */
    record Battery(String patient, String deviceId) implements AlertKey {
        static final String FAMILY_PREFIX = "battery.low:";

        public Battery {
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(deviceId, "deviceId");
        }

        @Override
        public String type() {
            return DEVICE_TYPE;
        }

        @Override
        public String family() {
            return FAMILY_PREFIX + deviceId;
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** A clinical alert's key; the type must not be {@value #DEVICE_TYPE} (see {@link #battery}). */
    static AlertKey of(String patient, String type, String family) {
        return new Rule(patient, type, family);
    }

    static AlertKey band(String patient, MeasurementType type, Direction direction) {
        return new Rule(patient, type.wireName(), direction.wireName());
    }

    static AlertKey trend(String patient, MeasurementType type, String ruleName) {
        return new Rule(patient, type.wireName(), ruleName);
    }

    static AlertKey missing(String patient, MeasurementType type) {
        return new Rule(patient, type.wireName(), "missing");
    }

    static AlertKey battery(String patient, String deviceId) {
        return new Battery(patient, deviceId);
    }

    /** A device's alert (a low battery): it goes to the technical team, not to the patient's care team. */
    default boolean isDevice() {
        return this instanceof Battery;
    }

    default String id() {
        return patient() + "|" + type() + "|" + family();
    }

    /** The inverse of {@link #id()}; empty for text of another shape. */
    static Optional<AlertKey> parse(String id) {
        String[] parts = id == null ? new String[0] : id.split("\\|", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        if (!parts[1].equals(DEVICE_TYPE)) {
            return Optional.of(new Rule(parts[0], parts[1], parts[2]));
        }
        return parts[2].startsWith(Battery.FAMILY_PREFIX) && parts[2].length() > Battery.FAMILY_PREFIX.length()
                ? Optional.of(new Battery(parts[0], parts[2].substring(Battery.FAMILY_PREFIX.length())))
                : Optional.empty();
    }
}
