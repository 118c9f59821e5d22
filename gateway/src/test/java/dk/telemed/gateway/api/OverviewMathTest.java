package dk.telemed.gateway.api;

import dk.telemed.gateway.model.MeasurementType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OverviewMathTest {
    static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

    @Test
    void theWeekStartsMondayAtMidnightInCopenhagen() {
        // Wednesday 2026-11-25 10:00 UTC; Monday 2026-11-23 00:00 in Copenhagen (UTC+1) is Sunday 23:00 UTC.
        assertThat(OverviewMath.weekStart(Instant.parse("2026-11-25T10:00:00Z"), CPH)).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
        // Sunday 23:30 UTC is already Monday 00:30 in Copenhagen: a new week.
        assertThat(OverviewMath.weekStart(Instant.parse("2026-11-29T23:30:00Z"), CPH)).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
        // Summer time: UTC+2.
        assertThat(OverviewMath.weekStart(Instant.parse("2026-07-01T12:00:00Z"), CPH)).isEqualTo(Instant.parse("2026-06-28T22:00:00Z"));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(OverviewMath.median(List.of())).isEmpty();
        assertThat(OverviewMath.median(List.of(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofMinutes(10))))
                .contains(Duration.ofMinutes(10));
        assertThat(OverviewMath.median(List.of(Duration.ofMinutes(40), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20))))
                .contains(Duration.ofMinutes(15));
    }

    @Test
    void measuredAsPlannedCountsWholePeriodsSoFar() {
        Map<MeasurementType, Duration> plan = Map.of(MeasurementType.GLUCOSE, Duration.ofDays(1), MeasurementType.WEIGHT, Duration.ofDays(3));
        Duration wednesdayNoon = Duration.ofDays(2).plusHours(12);
        assertThat(OverviewMath.asPlanned(plan, Map.of(MeasurementType.GLUCOSE, 2L), wednesdayNoon))
                .as("2 glucose readings are due, no weight yet").isTrue();
        assertThat(OverviewMath.asPlanned(plan, Map.of(MeasurementType.GLUCOSE, 1L), wednesdayNoon)).isFalse();
        assertThat(OverviewMath.asPlanned(plan, Map.of(MeasurementType.GLUCOSE, 3L), Duration.ofDays(3)))
                .as("a weight is due after three days").isFalse();
        assertThat(OverviewMath.asPlanned(plan, Map.of(), Duration.ofHours(5))).as("early Monday nothing is due yet").isTrue();
    }

    @Test
    void alarmBurdenIsAlertsPerPatientWeek() {
        assertThat(OverviewMath.perPatientWeek(20, 10, Duration.ofDays(28)).getAsDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(OverviewMath.perPatientWeek(3, 0, Duration.ofDays(28))).isEmpty();
        assertThat(OverviewMath.share(3, 4).getAsDouble()).isCloseTo(0.75, within(1e-9));
        assertThat(OverviewMath.share(0, 0)).isEmpty();
    }
}
