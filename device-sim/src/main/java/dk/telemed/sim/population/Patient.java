package dk.telemed.sim.population;

import java.util.List;

/**
 * A simulated home patient.
 *
 * @param index 0-based position in the population
 * @param id pseudonymous registry id, e.g. {@code p-0001}
 * @param careTeam the team that receives this patient's alerts
 * @param conditions in {@link Condition} declaration order
 * @param devices in {@link DeviceKind} declaration order
 * @param baseline the patient's personal normal
 */
public record Patient(int index, String id, String careTeam, List<Condition> conditions, List<Device> devices,
        Baseline baseline) {

    public Patient {
        conditions = List.copyOf(conditions);
        devices = List.copyOf(devices);
    }

    public boolean has(Condition condition) {
        return conditions.contains(condition);
    }
}
