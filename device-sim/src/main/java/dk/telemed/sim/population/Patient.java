package dk.telemed.sim.population;

import java.util.List;
import java.util.Optional;

/**
 * A simulated home patient.
 *
 * @param index 0-based position in the population
 * @param id pseudonymous registry id, e.g. {@code p-0001}
 * @param careTeam the team that receives this patient's alerts
 * @param conditions in {@link Condition} declaration order
 * @param devices in {@link DeviceKind} declaration order
 * @param baseline the patient's personal normal
 * @param profile how the patient's SpO2 behaves besides exacerbations
 * @param treatment the glucose-lowering treatment of a patient with diabetes
 */
public record Patient(int index, String id, String careTeam, List<Condition> conditions, List<Device> devices,
        Baseline baseline, Profile profile, Optional<Treatment> treatment) {

    public Patient {
        conditions = List.copyOf(conditions);
        devices = List.copyOf(devices);
    }

    public Patient(int index, String id, String careTeam, List<Condition> conditions, List<Device> devices, Baseline baseline) {
        this(index, id, careTeam, conditions, devices, baseline, Profile.ORDINARY, Optional.empty());
    }

    public boolean has(Condition condition) {
        return conditions.contains(condition);
    }

    /** Hypoglycaemia needs a treatment that lowers glucose (insulin, a sulfonylurea), or one not recorded. */
    public boolean canGoHypo() {
        return treatment.map(Treatment::canCauseHypo).orElse(true);
    }
}
