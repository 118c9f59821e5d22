package dk.telemed.sim.population;

/** Names of the random streams, so two uses of the seed never draw the same numbers by accident. */
public enum Stream {
    CONDITION, PATIENT, DEVICE, EPISODE_PHASE, EPISODE_SLOT, DAY_OFFSET, SCHEDULE, NOISE, DIARY
}
