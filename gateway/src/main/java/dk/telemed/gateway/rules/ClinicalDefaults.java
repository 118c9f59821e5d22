package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 */
public record ClinicalDefaults(Map<MeasurementType, Bands> bandsForAll,
                               Map<Condition, Map<MeasurementType, Bands>> bandsByCondition,
                               Map<MeasurementType, BandTiming> timing, List<TrendRule> trends,
                               Map<MeasurementType, MeasurementPlan> plansForAll,
                               Map<Condition, Map<MeasurementType, MeasurementPlan>> plansByCondition,
                               Duration planGrace) {
    public ClinicalDefaults {
        bandsForAll = Map.copyOf(bandsForAll);
        bandsByCondition = bandsByCondition.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        timing = Map.copyOf(timing);
        trends = List.copyOf(trends);
        plansForAll = Map.copyOf(plansForAll);
        plansByCondition = plansByCondition.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
    }

    public BandTiming timing(MeasurementType type) {
        return timing.getOrDefault(type, BandTiming.IMMEDIATE);
    }

    public List<TrendRule> trends(MeasurementType type) {
        return trends.stream().filter(t -> t.type() == type).toList();
    }
}
