package dk.telemed.gateway.api;

import dk.telemed.gateway.model.MeasurementType;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The arithmetic of the team overview, apart from where its numbers come from. */
final class OverviewMath {
    private OverviewMath() {
    }

    /** Monday 00:00 of the ISO week holding {@code now}, in the care teams' time zone. */
    static Instant weekStart(Instant now, ZoneId zone) {
        return now.atZone(zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    /** The middle value, or the mean of the two middle ones; empty for none. */
    static Optional<Duration> median(List<Duration> durations) {
        if (durations.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = durations.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return Optional.of(sorted.size() % 2 == 1 ? sorted.get(mid) : sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2));
    }

    /**
     * Whether a patient measured as planned so far this week: for every planned type, at least
     * as many readings as whole periods have passed since the week began (a daily type on
     * Wednesday noon: 2). A type whose first period has not yet passed asks for none.
     */
    static boolean asPlanned(Map<MeasurementType, Duration> plan, Map<MeasurementType, Long> counts, Duration elapsed) {
        for (Map.Entry<MeasurementType, Duration> e : plan.entrySet()) {
            long expected = elapsed.toSeconds() / e.getValue().toSeconds();
            if (counts.getOrDefault(e.getKey(), 0L) < expected) {
                return false;
            }
        }
        return true;
    }

    /** Alerts raised per patient-week: raised ÷ (patients × weeks in the window); empty without patients. */
    static OptionalDouble perPatientWeek(long raised, int patients, Duration window) {
        double patientWeeks = patients * (window.toSeconds() / (double) Duration.ofDays(7).toSeconds());
        return patientWeeks > 0 ? OptionalDouble.of(raised / patientWeeks) : OptionalDouble.empty();
    }

    /** A share as a fraction 0–1; empty when nobody counts. */
    static OptionalDouble share(int part, int whole) {
        return whole > 0 ? OptionalDouble.of(part / (double) whole) : OptionalDouble.empty();
    }
}
