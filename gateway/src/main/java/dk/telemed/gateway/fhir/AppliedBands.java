package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.BandsVersion;
import dk.telemed.gateway.model.MeasurementType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One patient's bands history, asked "which bands applied to a reading of this type measured
 * then?": the newest version in force at the reading's time. A reading older than the first
 * recorded version gets that first version (the history starts when the gateway first saw the
 * patient; nothing older is known).
 */
final class AppliedBands {
    private final Map<MeasurementType, List<BandsVersion>> byType = new EnumMap<>(MeasurementType.class);

    AppliedBands(List<BandsVersion> versions) {
        for (BandsVersion v : versions) {
            byType.computeIfAbsent(v.type(), t -> new ArrayList<>()).add(v);
        }
        byType.values().forEach(list -> list.sort(java.util.Comparator.comparing(BandsVersion::from)));
    }

    Optional<Bands> at(MeasurementType type, Instant ts) {
        List<BandsVersion> versions = byType.get(type);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        BandsVersion applied = versions.get(0);
        for (BandsVersion v : versions) {
            if (v.from().isAfter(ts)) {
                break;
            }
            applied = v;
        }
        return Optional.of(applied.bands());
    }
}
