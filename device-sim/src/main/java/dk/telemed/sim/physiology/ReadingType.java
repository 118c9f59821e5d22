package dk.telemed.sim.physiology;

/**
 * The measurement types the simulator produces, with the canonical unit and accepted alternate
 * of spec section 1, and the range a device can physically report.
 */
public enum ReadingType {
    SPO2("spo2", new UnitChoice("%", 1, 0), null, 50, 100),
    PULSE("pulse", new UnitChoice("/min", 1, 0), new UnitChoice("bpm", 1, 0), 20, 300),
    RESP_RATE("resp_rate", new UnitChoice("/min", 1, 0), null, 4, 80),
    WEIGHT("weight", new UnitChoice("kg", 1, 1), new UnitChoice("[lb_av]", 1 / 0.45359237, 1), 10, 350),
    FEV1("fev1", new UnitChoice("L", 1, 2), new UnitChoice("mL", 1000, 0), 0.1, 10),
    FVC("fvc", new UnitChoice("L", 1, 2), new UnitChoice("mL", 1000, 0), 0.1, 12),
    PEF("pef", new UnitChoice("L/min", 1, 0), null, 20, 1000),
    GLUCOSE("glucose", new UnitChoice("mmol/L", 1, 1), new UnitChoice("mg/dL", 18.016, 0), 0.6, 33.3),
    KETONES("ketones", new UnitChoice("mmol/L", 1, 1), null, 0, 8),
    BP_SYS("bp_sys", new UnitChoice("mm[Hg]", 1, 0), new UnitChoice("mmHg", 1, 0), 40, 300),
    BP_DIA("bp_dia", new UnitChoice("mm[Hg]", 1, 0), new UnitChoice("mmHg", 1, 0), 20, 200);

    private final String code;
    private final UnitChoice canonical;
    private final UnitChoice alternate;
    private final double min;
    private final double max;

    ReadingType(String code, UnitChoice canonical, UnitChoice alternate, double min, double max) {
        this.code = code;
        this.canonical = canonical;
        this.alternate = alternate;
        this.min = min;
        this.max = max;
    }

    /** The {@code type} string in the payload. */
    public String code() {
        return code;
    }

    public UnitChoice canonical() {
        return canonical;
    }

    /** The unit a device with alternate units uses: its accepted alternate if it has one. */
    public UnitChoice unitFor(boolean alternateUnits) {
        return alternateUnits && alternate != null ? alternate : canonical;
    }

    /** Lowest value (canonical unit) that is physically possible or measurable. */
    public double min() {
        return min;
    }

    /** Highest value (canonical unit) that is physically possible or measurable. */
    public double max() {
        return max;
    }
}
