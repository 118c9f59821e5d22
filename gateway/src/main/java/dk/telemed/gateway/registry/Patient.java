package dk.telemed.gateway.registry;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RelativeLimit;
import dk.telemed.gateway.model.PassiveInterval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A monitored patient as the registry knows them. {@code id} is pseudonymous and the only
 * identifier that may leave the registry; {@code displayName} is for the care team's own
 * screens and must never reach a store, topic, log or metric; nor must {@code cpr}, the Danish
 * personal identification number the care team may keep in its registry for its own records.
 *
 * @param planOverrides the treating team's own measurement plan, type by type, over the condition defaults
 * @param passive       periods in which monitoring is paused (no missing-reading alerts)
 * @param treatment     the glucose-lowering treatment, which picks the default glucose plan; empty when not recorded
 * @param relativeOverrides the treating doctor's relative limits, type by type, over the condition defaults
 */
public record Patient(String id, String careTeam, Set<Condition> conditions, List<String> devices,
                      Map<MeasurementType, Bands> thresholdOverrides, Optional<String> displayName,
                      Map<MeasurementType, MeasurementPlan> planOverrides, List<PassiveInterval> passive,
                      Optional<String> cpr, Optional<Treatment> treatment,
                      Map<MeasurementType, RelativeLimit> relativeOverrides) {
    public Patient {
        relativeOverrides = Map.copyOf(relativeOverrides);
        conditions = Set.copyOf(conditions);
        devices = List.copyOf(devices);
        thresholdOverrides = Map.copyOf(thresholdOverrides);
        planOverrides = Map.copyOf(planOverrides);
        passive = List.copyOf(passive);
    }

    /** A patient without a recorded treatment or relative limits of their own. */
    public Patient(String id, String careTeam, Set<Condition> conditions, List<String> devices,
                   Map<MeasurementType, Bands> thresholdOverrides, Optional<String> displayName,
                   Map<MeasurementType, MeasurementPlan> planOverrides, List<PassiveInterval> passive, Optional<String> cpr) {
        this(id, careTeam, conditions, devices, thresholdOverrides, displayName, planOverrides, passive, cpr, Optional.empty(), Map.of());
    }

    /** A patient without a CPR number in the registry. */
    public Patient(String id, String careTeam, Set<Condition> conditions, List<String> devices,
                   Map<MeasurementType, Bands> thresholdOverrides, Optional<String> displayName,
                   Map<MeasurementType, MeasurementPlan> planOverrides, List<PassiveInterval> passive) {
        this(id, careTeam, conditions, devices, thresholdOverrides, displayName, planOverrides, passive, Optional.empty());
    }

    /** A patient on the default plan, never paused. */
    public Patient(String id, String careTeam, Set<Condition> conditions, List<String> devices,
                   Map<MeasurementType, Bands> thresholdOverrides, Optional<String> displayName) {
        this(id, careTeam, conditions, devices, thresholdOverrides, displayName, Map.of(), List.of());
    }

    @Override
    public String toString() {
        // The display name and CPR number are left out so a stray log line cannot carry them.
        return "Patient[" + id + ", careTeam=" + careTeam + ", conditions=" + conditions + ", devices=" + devices + "]";
    }
}
