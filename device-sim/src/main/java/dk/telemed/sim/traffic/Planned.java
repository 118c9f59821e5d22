package dk.telemed.sim.traffic;

import dk.telemed.sim.physiology.Reading;

import java.util.List;

/**
 * One readings message before encoding.
 *
 * @param batchForm whether it goes out in the batch form (else the single form, one reading)
 */
public record Planned(DeviceState device, List<Reading> readings, boolean batchForm) {

    public Planned {
        readings = List.copyOf(readings);
        if (!batchForm && readings.size() != 1) {
            throw new IllegalArgumentException("the single form carries exactly one reading");
        }
    }

    /** The same message cut to its first {@code n} readings (the run's reading count ran out). */
    Planned truncated(int n) {
        return n >= readings.size() ? this : new Planned(device, readings.subList(0, n), batchForm);
    }
}
