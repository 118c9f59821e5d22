package dk.telemed.sim.population;

import java.util.Locale;

/** A diabetes patient's glucose-lowering treatment, as the registry records it; it picks the glucose plan. */
public enum Treatment {
    INSULIN, SULFONYLUREA, DIET, OTHER;

    /** The name used in patients.yaml. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Only a treatment that lowers glucose by itself can cause hypoglycaemia. */
    public boolean canCauseHypo() {
        return this == INSULIN || this == SULFONYLUREA;
    }
}
