package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RelativeLimit;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.RelativeLimits;
import dk.telemed.gateway.registry.Treatment;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The standard threshold set of {@code config/thresholds.yaml}: the starting point for every
 * patient of a group, which the treating doctor adjusts per patient in the registry.
 *
 * @param bandsForAll      bands for every patient, unless one of the patient's conditions sets that type
 * @param bandsByCondition bands a condition brings; they replace the general ones for that type
 * @param timing           persistence and hysteresis per type; a type not named raises and resolves at once
 * @param plansForAll      measurement plan for every patient
 * @param plansByCondition measurement plan a condition brings
 * @param planGrace        slack on every plan before a reading counts as missing
 * @param relativeForAll   limits relative to the patient's own level, for every patient unless a condition sets the type
 * @param relativeByCondition relative limits a condition brings; they replace the general ones for that type
 * @param plansByTreatment the plan a glucose-lowering treatment brings; it replaces the conditions' plan for its types
 * @param approval         who approved the set, and when
 * @param instructions     what to do when a reading lies beyond a level
 */
public record ClinicalDefaults(Map<MeasurementType, Bands> bandsForAll,
                               Map<Condition, Map<MeasurementType, Bands>> bandsByCondition,
                               Map<MeasurementType, BandTiming> timing, List<TrendRule> trends,
                               Map<MeasurementType, MeasurementPlan> plansForAll,
                               Map<Condition, Map<MeasurementType, MeasurementPlan>> plansByCondition,
                               Duration planGrace, Map<MeasurementType, RelativeLimit> relativeForAll,
                               Map<Condition, Map<MeasurementType, RelativeLimit>> relativeByCondition,
                               Map<Treatment, Map<MeasurementType, MeasurementPlan>> plansByTreatment,
                               Approval approval, Instructions instructions) {
    public ClinicalDefaults {
        bandsForAll = Map.copyOf(bandsForAll);
        bandsByCondition = bandsByCondition.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        timing = Map.copyOf(timing);
        trends = TrendRules.of(trends);
        plansForAll = Map.copyOf(plansForAll);
        plansByCondition = plansByCondition.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        relativeForAll = Map.copyOf(relativeForAll);
        relativeByCondition = relativeByCondition.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        plansByTreatment = plansByTreatment.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(instructions, "instructions");
    }

    /**
     * Who approved the standard threshold set for use, and on which day; both empty for a set
     * nobody has approved yet (the shipped defaults), which the gateway says at start.
     */
    public record Approval(Optional<String> approvedBy, Optional<LocalDate> approvedOn) {
        public static final Approval NOT_APPROVED = new Approval(Optional.empty(), Optional.empty());

        public Approval {
            Objects.requireNonNull(approvedBy, "approvedBy");
            Objects.requireNonNull(approvedOn, "approvedOn");
        }

        public boolean approved() {
            return approvedBy.isPresent() && approvedOn.isPresent();
        }
    }

    /** The relative limit of one type for a patient: the doctor's own, else the conditions' (the stricter), else the general one. */
    public Optional<RelativeLimit> relative(Patient patient, MeasurementType type) {
        RelativeLimit own = patient.relativeOverrides().get(type);
        if (own != null) {
            return RelativeLimits.isNone(own) ? Optional.empty() : Optional.of(own);
        }
        // Asked at every reading: a loop, not a stream; in the conditions' order, so a tie goes the same way every time.
        RelativeLimit byCondition = null;
        for (Condition c : CONDITIONS) {
            Map<MeasurementType, RelativeLimit> ofCondition = patient.conditions().contains(c) ? relativeByCondition.get(c) : null;
            RelativeLimit l = ofCondition == null ? null : ofCondition.get(type);
            if (l != null) {
                byCondition = byCondition == null ? l : stricter(byCondition, l);
            }
        }
        return Optional.ofNullable(byCondition != null ? byCondition : relativeForAll.get(type));
    }

    private static final Condition[] CONDITIONS = Condition.values();

    /** Of two conditions' relative limits for one type, the one that warns first (fewer points for yellow). */
    private static RelativeLimit stricter(RelativeLimit a, RelativeLimit b) {
        double ya = a.yellowPoints().orElse(a.redPoints().orElse(Double.MAX_VALUE));
        double yb = b.yellowPoints().orElse(b.redPoints().orElse(Double.MAX_VALUE));
        return ya <= yb ? a : b;
    }

    /** The longest window of any default relative limit of the type, if it has one. */
    public Optional<Duration> relativeWindow(MeasurementType type) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(relativeForAll.get(type)),
                        relativeByCondition.values().stream().map(m -> m.get(type)))
                .filter(Objects::nonNull).map(RelativeLimit::window).max(Duration::compareTo);
    }

    public BandTiming timing(MeasurementType type) {
        return timing.getOrDefault(type, BandTiming.IMMEDIATE);
    }

    /** The type's trend rules, in the set's order; asked at every reading, so looked up, not searched. */
    public List<TrendRule> trends(MeasurementType type) {
        return ((TrendRules) trends).of(type);
    }
}
