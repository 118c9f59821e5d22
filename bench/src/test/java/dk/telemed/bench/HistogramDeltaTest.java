package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramDeltaTest {
    static String scrape(int upTo10ms, int upTo50ms, int total) {
        return """
                # HELP telemed_reading_store_latency_seconds From receipt of the MQTT message to the reading written to InfluxDB
                # TYPE telemed_reading_store_latency_seconds histogram
                telemed_reading_store_latency_seconds_bucket{le="0.01"} %d
                telemed_reading_store_latency_seconds_bucket{le="0.05"} %d
                telemed_reading_store_latency_seconds_bucket{le="+Inf"} %d
                telemed_reading_store_latency_seconds_count %d
                """.formatted(upTo10ms, upTo50ms, total, total);
    }

    @Test
    void onlyWhatWasObservedBetweenTwoScrapesCounts() {
        // Before: 1,000 fast ones. Between: 100 more under 10 ms and 100 between 10 and 50 ms.
        String before = scrape(1_000, 1_000, 1_000);
        String after = scrape(1_100, 1_200, 1_200);
        Percentiles p = HistogramDelta.percentilesMs(before, after, "telemed_reading_store_latency_seconds");
        assertThat(p.count()).isEqualTo(200);
        assertThat(p.p50()).isCloseTo(10, within(1e-9));
        assertThat(p.p99()).isCloseTo(10 + 0.98 * 40, within(1e-9));
        assertThat(p.max()).isCloseTo(50, within(1e-9));
    }

    @Test
    void quantilesInterpolateWithinABucket() {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        cumulative.put(0.1, 50.0);
        cumulative.put(0.2, 100.0);
        cumulative.put(Double.POSITIVE_INFINITY, 100.0);
        assertThat(HistogramDelta.quantile(cumulative, 0.25)).isCloseTo(0.05, within(1e-9));
        assertThat(HistogramDelta.quantile(cumulative, 0.75)).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void nothingObservedIsNoFigure() {
        String same = scrape(5, 5, 5);
        assertThat(HistogramDelta.percentilesMs(same, same, "telemed_reading_store_latency_seconds").count()).isZero();
    }
}
