package dk.telemed.sim.population;

/**
 * How a COPD patient's SpO2 behaves besides exacerbations, so the demo shows the rules that
 * judge a patient against their own level.
 */
public enum Profile {
    /** Around the personal baseline. */
    ORDINARY,
    /** Every 12 days, drifts down by 5 points over 4 days while staying inside the COPD bands, then recovers. */
    DRIFTING_SPO2,
    /** A personal normal of 86–87 %, below the COPD red band: a case for individual limits. */
    LOW_NORMAL_SPO2
}
