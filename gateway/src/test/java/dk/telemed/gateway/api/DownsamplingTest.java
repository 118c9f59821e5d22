package dk.telemed.gateway.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DownsamplingTest {
    @Test
    void fewReadingsComeBackRaw() {
        assertThat(Downsampling.interval(Duration.ofDays(90), 400, 400)).isEmpty();
        assertThat(Downsampling.interval(Duration.ofDays(90), 401, 400)).isPresent();
    }

    @Test
    void ninetyDaysOfFrequentReadingsBecomeAFewHundredMeans() {
        Duration interval = Downsampling.interval(Duration.ofDays(90), 90 * 24 * 60, 400).orElseThrow();
        assertThat(interval).isEqualTo(Duration.ofHours(6));
        assertThat(Duration.ofDays(90).dividedBy(interval) + 1).isBetween(300L, 400L);
    }

    @ParameterizedTest
    @ValueSource(longs = {60, 3_600, 86_400, 7 * 86_400, 30 * 86_400, 90 * 86_400, 400 * 86_400, 3_650L * 86_400})
    void theChosenIntervalKeepsEveryPeriodWithinTheLimit(long seconds) {
        Duration period = Duration.ofSeconds(seconds);
        Duration interval = Downsampling.intervalFor(period, 400);
        long buckets = period.toSeconds() / interval.toSeconds() + 1;
        assertThat(buckets).isLessThanOrEqualTo(400);
        int index = Downsampling.LADDER.indexOf(interval);
        if (index > 0) {
            Duration smaller = Downsampling.LADDER.get(index - 1);
            assertThat(period.toSeconds() / smaller.toSeconds() + 1).as("the next smaller size would give too many").isGreaterThan(399);
        }
    }

    @Test
    void theIntervalIsWrittenAsAnInfluxqlDuration() {
        assertThat(Downsampling.influxql(Duration.ofHours(6))).isEqualTo("21600s");
    }
}
