package dk.telemed.sim.physiology;

import dk.telemed.sim.population.Condition;

/**
 * The bad days the simulator produces. Time is cut into slots per patient; each slot holds at
 * most one episode of a kind with the given probability, so the mean interval is slot / p.
 * Because an episode never crosses its slot's end, whether one is active at any instant can be
 * answered from that instant alone.
 */
public enum EpisodeKind {
    /** COPD exacerbation: one every ~40 days, lasting 5–9.5 days including recovery. */
    EXACERBATION(Condition.COPD, 20 * Durations.DAY, 0.5,
            36 * Durations.HOUR, 60 * Durations.HOUR,
            12 * Durations.HOUR, 48 * Durations.HOUR,
            72 * Durations.HOUR, 120 * Durations.HOUR),
    /** Hypoglycaemia: one every ~10 days, about an hour until treated. */
    HYPO(Condition.DIABETES, 5 * Durations.DAY, 0.5,
            10 * Durations.MINUTE, 20 * Durations.MINUTE,
            20 * Durations.MINUTE, 45 * Durations.MINUTE,
            10 * Durations.MINUTE, 25 * Durations.MINUTE),
    /** Hyperglycaemia with ketones: one every ~20 days, most of a day. */
    HYPER(Condition.DIABETES, 10 * Durations.DAY, 0.5,
            Durations.HOUR, 3 * Durations.HOUR,
            4 * Durations.HOUR, 14 * Durations.HOUR,
            2 * Durations.HOUR, 4 * Durations.HOUR);

    private final Condition condition;
    private final long slotMillis;
    private final double probability;
    private final long onsetMin;
    private final long onsetMax;
    private final long plateauMin;
    private final long plateauMax;
    private final long recoveryMin;
    private final long recoveryMax;

    EpisodeKind(Condition condition, long slotMillis, double probability, long onsetMin, long onsetMax,
            long plateauMin, long plateauMax, long recoveryMin, long recoveryMax) {
        this.condition = condition;
        this.slotMillis = slotMillis;
        this.probability = probability;
        this.onsetMin = onsetMin;
        this.onsetMax = onsetMax;
        this.plateauMin = plateauMin;
        this.plateauMax = plateauMax;
        this.recoveryMin = recoveryMin;
        this.recoveryMax = recoveryMax;
    }

    public Condition condition() {
        return condition;
    }

    long slotMillis() {
        return slotMillis;
    }

    double probability() {
        return probability;
    }

    long onsetMin() {
        return onsetMin;
    }

    long onsetMax() {
        return onsetMax;
    }

    long plateauMin() {
        return plateauMin;
    }

    long plateauMax() {
        return plateauMax;
    }

    long recoveryMin() {
        return recoveryMin;
    }

    long recoveryMax() {
        return recoveryMax;
    }

    long maxDuration() {
        return onsetMax + plateauMax + recoveryMax;
    }

    static final class Durations {
        static final long MINUTE = 60_000L;
        static final long HOUR = 60 * MINUTE;
        static final long DAY = 24 * HOUR;

        private Durations() {
        }
    }
}
