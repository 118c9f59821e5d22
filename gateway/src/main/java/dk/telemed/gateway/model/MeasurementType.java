package dk.telemed.gateway.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

/**
 * The measurement types of the interface (section 1): wire name, canonical UCUM unit, the
 * alternate units converted on ingest, and the range a device can physically report.
 *
 * <p>The plausible range is "impossible or outside what a device can measure", never a
 * clinical judgement: an alarming value must be stored so the rules can alert on it.
 */
public enum MeasurementType {
    SPO2("spo2", "%", 50, 100, Map.of("1", v -> v * 100)),
    PULSE("pulse", "/min", 20, 300, Map.of("bpm", v -> v)),
    RESP_RATE("resp_rate", "/min", 1, 90, Map.of()),
    WEIGHT("weight", "kg", 10, 350, Map.of(
            "[lb_av]", v -> v * Conversions.KG_PER_POUND,
            "lb", v -> v * Conversions.KG_PER_POUND,
            "g", v -> v / 1000)),
    FEV1("fev1", "L", 0.1, 10, Map.of("mL", v -> v / 1000)),
    FVC("fvc", "L", 0.1, 12, Map.of("mL", v -> v / 1000)),
    PEF("pef", "L/min", 20, 1000, Map.of("L/s", v -> v * 60)),
    // Glucometers show LO/HI outside about 0.6–33.3 mmol/L (interface, section 1).
    GLUCOSE("glucose", "mmol/L", 0.6, 33.3, Map.of("mg/dL", v -> v / Conversions.MG_DL_PER_MMOL_L_GLUCOSE)),
    // Blood ketone meters measure 0.0–8.0 mmol/L.
    KETONES("ketones", "mmol/L", 0, 8, Map.of()),
    TEMPERATURE("temperature", "Cel", 25, 45, Map.of("[degF]", v -> (v - 32) * 5 / 9)),
    BP_SYS("bp_sys", "mm[Hg]", 40, 300, Map.of("mmHg", v -> v)),
    BP_DIA("bp_dia", "mm[Hg]", 20, 200, Map.of("mmHg", v -> v));

    private static final Map<String, MeasurementType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(MeasurementType::wireName, t -> t));

    private final String wireName;
    private final String canonicalUnit;
    private final double minPlausible;
    private final double maxPlausible;
    private final Map<String, DoubleUnaryOperator> toCanonicalByUnit;
    private final String acceptedUnits;

    MeasurementType(String wireName, String canonicalUnit, double minPlausible, double maxPlausible,
                    Map<String, DoubleUnaryOperator> alternates) {
        this.wireName = wireName;
        this.canonicalUnit = canonicalUnit;
        this.minPlausible = minPlausible;
        this.maxPlausible = maxPlausible;
        this.toCanonicalByUnit = alternates.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
        this.acceptedUnits = canonicalUnit + alternates.keySet().stream().sorted().map(u -> ", " + u).collect(Collectors.joining());
    }

    public static Optional<MeasurementType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public String wireName() {
        return wireName;
    }

    public String canonicalUnit() {
        return canonicalUnit;
    }

    public double minPlausible() {
        return minPlausible;
    }

    public double maxPlausible() {
        return maxPlausible;
    }

    public boolean isPlausible(double canonicalValue) {
        return canonicalValue >= minPlausible && canonicalValue <= maxPlausible;
    }

    /** The value in the canonical unit, or empty when {@code unit} is not one this type accepts. UCUM matching is case-insensitive. */
    public Optional<Double> toCanonical(double value, String unit) {
        String key = unit.toLowerCase(Locale.ROOT);
        if (key.equals(canonicalUnit.toLowerCase(Locale.ROOT))) {
            return Optional.of(value);
        }
        DoubleUnaryOperator conversion = toCanonicalByUnit.get(key);
        return conversion == null ? Optional.empty() : Optional.of(conversion.applyAsDouble(value));
    }

    /** The units a device may send, canonical first: for error messages a person can act on. */
    public String acceptedUnits() {
        return acceptedUnits;
    }

    public static String knownWireNames() {
        return Arrays.stream(values()).map(MeasurementType::wireName).collect(Collectors.joining(", "));
    }

    private static final class Conversions {
        static final double KG_PER_POUND = 0.45359237;
        // Molar mass of glucose 180.16 g/mol: 1 mmol/L = 18.016 mg/dL (interface, section 1).
        static final double MG_DL_PER_MMOL_L_GLUCOSE = 18.016;
    }
}
