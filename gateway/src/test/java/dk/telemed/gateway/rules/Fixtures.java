package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Shared test material: the shipped defaults, patients, series and a clock the test moves. */
final class Fixtures {
    static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");
    static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");

    private Fixtures() {
    }

    static ClinicalDefaults shipped() {
        try {
            return new ThresholdsParser().parse(Files.readString(projectRoot().resolve("config/thresholds.yaml")), "config/thresholds.yaml");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Patient patient(String id, String conditions) {
        return patient(id, conditions, Map.of());
    }

    static Patient patient(String id, String conditions, Map<MeasurementType, Bands> own) {
        Set<Condition> set = Arrays.stream(conditions.split("\\+")).map(c -> Condition.fromWireName(c).orElseThrow())
                .collect(Collectors.toSet());
        return new Patient(id, "nord-akut", set, List.of("dev-" + id), own, Optional.empty());
    }

    /** A series from alternating (minutes after T0, value) pairs. */
    static NavigableMap<Instant, Double> series(double... minutesAndValues) {
        NavigableMap<Instant, Double> s = new TreeMap<>();
        for (int i = 0; i < minutesAndValues.length; i += 2) {
            s.put(T0.plus(Duration.ofSeconds(Math.round(minutesAndValues[i] * 60))), minutesAndValues[i + 1]);
        }
        return s;
    }

    /** The band rule's verdicts on the newest reading of {@code history}, as the engine judges a reading of a held series. */
    static List<Verdict> judgeBands(Patient patient, MeasurementType type, Bands bands, BandTiming timing,
                                    NavigableMap<Instant, Double> history) {
        return BandRule.judge(patient, type, bands, timing, series(history), history.size() - 1);
    }

    /** A series of the readings of {@code readings}, as the store's reader builds one: oldest first. */
    static Series series(NavigableMap<Instant, Double> readings) {
        Series s = new Series();
        readings.forEach(s::put);
        return s;
    }

    static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("config/thresholds.yaml"))) {
            p = p.getParent();
        }
        return p;
    }
}
