package dk.telemed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    // Shaped like Micrometer's PrometheusMeterRegistry output.
    private static final String TEXT = """
            # HELP telemed_readings_rejected_total Readings rejected
            # TYPE telemed_readings_rejected_total counter
            telemed_readings_rejected_total{code="malformed_json",device_class="oxi"} 3.0
            telemed_readings_rejected_total{code="out_of_range",device_class="oxi"} 2.0
            telemed_readings_rejected_total{code="out_of_range",device_class="scale"} 5.0
            # TYPE telemed_readings_received_total counter
            telemed_readings_received_total 1234.0
            # TYPE telemed_store_latency_seconds summary
            telemed_store_latency_seconds_count 10
            telemed_store_latency_seconds_sum 0.5
            telemed_store_latency_seconds_max 1.5E-2
            weird{msg="a \\"quoted\\", {braced} \\\\ value",other="x"} NaN 1700000000000
            telemed_alerts_total{event="raised",severity="red",} +Inf
            """;

    @Test
    void sumsAllSamplesOfANameWithoutFilter() {
        assertThat(PrometheusText.sum(TEXT, "telemed_readings_rejected_total")).isEqualTo(10.0);
    }

    @Test
    void filtersByLabelSubset() {
        assertThat(PrometheusText.sum(TEXT, "telemed_readings_rejected_total", "code=out_of_range")).isEqualTo(7.0);
        assertThat(PrometheusText.sum(TEXT, "telemed_readings_rejected_total", "code=out_of_range",
                "device_class=scale")).isEqualTo(5.0);
    }

    @Test
    void absentMetricOrLabelIsZero() {
        assertThat(PrometheusText.sum(TEXT, "telemed_nothing_total")).isZero();
        assertThat(PrometheusText.sum(TEXT, "telemed_readings_rejected_total", "code=unknown_type")).isZero();
        assertThat(PrometheusText.sum(TEXT, "telemed_readings_received_total", "code=x")).isZero();
    }

    @Test
    void namesMatchExactlyNotByPrefix() {
        assertThat(PrometheusText.sum(TEXT, "telemed_store_latency_seconds")).isZero();
        assertThat(PrometheusText.sum(TEXT, "telemed_store_latency_seconds_count")).isEqualTo(10.0);
        assertThat(PrometheusText.sum(TEXT, "telemed_store_latency_seconds_max")).isEqualTo(0.015);
    }

    @Test
    void parsesEscapesSpecialValuesTimestampsAndTrailingComma() {
        List<PrometheusText.Sample> samples = PrometheusText.parse(TEXT);
        PrometheusText.Sample weird = samples.stream().filter(s -> s.name().equals("weird")).findFirst().orElseThrow();
        assertThat(weird.labels()).isEqualTo(Map.of("msg", "a \"quoted\", {braced} \\ value", "other", "x"));
        assertThat(weird.value()).isNaN();
        assertThat(PrometheusText.sum(TEXT, "telemed_alerts_total", "severity=red")).isInfinite();
    }

    @Test
    void labelsAsAlternatingKeyAndValueMeanTheSame() {
        assertThat(PrometheusText.sum(TEXT, "telemed_readings_rejected_total", "code", "out_of_range")).isEqualTo(7.0);
        assertThat(PrometheusText.sum(TEXT, "telemed_readings_rejected_total", "code", "out_of_range",
                "device_class", "scale")).isEqualTo(5.0);
        assertThat(PrometheusText.pairs("k", "a=b")).isEqualTo(Map.of("k", "a=b"));
        assertThat(PrometheusText.pairs("k=a=b")).isEqualTo(Map.of("k", "a=b"));
    }

    @Test
    void unpairedLabelArgumentsAreAnError() {
        assertThatThrownBy(() -> PrometheusText.sum(TEXT, "x", "code"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key=value");
        assertThatThrownBy(() -> PrometheusText.sum(TEXT, "x", "code=a", "type"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.sum(TEXT, "x", "not a label", "v"))
                .hasMessageContaining("not a label name");
    }

    @Test
    void brokenLineSaysWhere() {
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\nbad{x=\"1\" 2\n"))
                .hasMessageContaining("line 2");
    }
}
