package dk.telemed.gateway.registry;

import dk.telemed.gateway.model.MeasurementType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What changed for each patient between two registries, in the terms a clinical audit asks
 * about: whose thresholds, plan or pauses changed, which types, and who changed them. The
 * registry reload and (later) the dashboard's API log through the same method, so both leave
 * the same trail. Values and names stay out of the log: patient id and types only.
 */
public final class RegistryChanges {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryChanges.class);

    /** One patient's changes; {@code added}/{@code removed} for a patient that appeared or left. */
    public record Change(String patientId, boolean added, boolean removed, Set<MeasurementType> thresholds,
                         Set<MeasurementType> plan, boolean passive, boolean careTeam) {
        public Change {
            thresholds = Set.copyOf(thresholds);
            plan = Set.copyOf(plan);
        }
    }

    private RegistryChanges() {
    }

    public static List<Change> between(PatientRegistry before, PatientRegistry after) {
        List<Change> changes = new ArrayList<>();
        for (Patient now : after.patients()) {
            Optional<Patient> was = before.patient(now.id());
            if (was.isEmpty()) {
                changes.add(new Change(now.id(), true, false, now.thresholdOverrides().keySet(),
                        now.planOverrides().keySet(), !now.passive().isEmpty(), false));
                continue;
            }
            Change c = new Change(now.id(), false, false, differing(was.get().thresholdOverrides(), now.thresholdOverrides()),
                    differing(was.get().planOverrides(), now.planOverrides()), !was.get().passive().equals(now.passive()),
                    !was.get().careTeam().equals(now.careTeam()));
            if (!c.thresholds().isEmpty() || !c.plan().isEmpty() || c.passive() || c.careTeam()) {
                changes.add(c);
            }
        }
        for (Patient gone : before.patients()) {
            if (after.patient(gone.id()).isEmpty()) {
                changes.add(new Change(gone.id(), false, true, Set.of(), Set.of(), false, false));
            }
        }
        changes.sort(java.util.Comparator.comparing(Change::patientId));
        return changes;
    }

    /** Logs each change naming {@code actor} (e.g. "registry file config/patients.yaml" or "user anna"). */
    public static List<Change> log(PatientRegistry before, PatientRegistry after, String actor) {
        List<Change> changes = between(before, after);
        for (Change c : changes) {
            LOG.info("patient {} {} by {}; in force from the next reading", c.patientId(), describe(c), actor);
        }
        return changes;
    }

    static String describe(Change c) {
        if (c.removed()) {
            return "removed from the registry";
        }
        List<String> parts = new ArrayList<>();
        if (c.added()) {
            parts.add("added");
        }
        if (!c.thresholds().isEmpty()) {
            parts.add((c.added() ? "with own thresholds for " : "thresholds changed for ") + names(c.thresholds()));
        }
        if (!c.plan().isEmpty()) {
            parts.add((c.added() ? "with own plan for " : "plan changed for ") + names(c.plan()));
        }
        if (c.passive()) {
            parts.add("passive intervals changed");
        }
        if (c.careTeam()) {
            parts.add("care team changed");
        }
        return String.join(", ", parts);
    }

    private static <V> Set<MeasurementType> differing(Map<MeasurementType, V> before, Map<MeasurementType, V> after) {
        Set<MeasurementType> types = EnumSet.noneOf(MeasurementType.class);
        types.addAll(before.keySet());
        types.addAll(after.keySet());
        types.removeIf(t -> Objects.equals(before.get(t), after.get(t)));
        return types;
    }

    private static String names(Set<MeasurementType> types) {
        return types.stream().sorted().map(MeasurementType::wireName).collect(Collectors.joining(", "));
    }
}
