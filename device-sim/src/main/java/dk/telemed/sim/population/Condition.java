package dk.telemed.sim.population;

/** The chronic conditions the registry knows (spec section 4: "copd, diabetes (both allowed)"). */
public enum Condition {
    COPD("copd"),
    DIABETES("diabetes");

    private final String code;

    Condition(String code) {
        this.code = code;
    }

    /** The name used in patients.yaml. */
    public String code() {
        return code;
    }
}
