package dk.telemed.sim.traffic;

/** Produces the next readings message of a run. */
public interface ReadingSource {

    /**
     * @param maxReadings the most readings the message may carry (≥ 1), so a run can stop at
     *     exactly {@code --count} readings
     * @return the next message, or null when the source has nothing more to send
     */
    Planned next(int maxReadings);
}
