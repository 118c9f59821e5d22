package dk.telemed.sim.cli;

/** How readings are timestamped (see --clock). */
public enum ClockMode {
    /** Timestamped now; the rate is per wall-clock second. */
    REALTIME,
    /** D days of history ending now, sent as fast as the rate allows. */
    COMPRESSED
}
