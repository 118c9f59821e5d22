package dk.telemed.gateway.api;

import dk.telemed.gateway.model.MeasurementType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingsParamsTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    static ReadingsApi.Period period(String type, String from, String to) {
        return ReadingsApi.period(Optional.ofNullable(type), Optional.ofNullable(from), Optional.ofNullable(to), NOW, 400);
    }

    @Test
    void offsetsAreTakenAndTheDefaultPeriodEndsNow() {
        ReadingsApi.Period p = period("spo2", "2026-11-22T07:30:00+01:00", null);
        assertThat(p.type()).isEqualTo(MeasurementType.SPO2);
        assertThat(p.from()).isEqualTo(Instant.parse("2026-11-22T06:30:00Z"));
        assertThat(p.to()).isEqualTo(NOW);
        assertThat(period("glucose", null, null).from()).isEqualTo(NOW.minus(ReadingsApi.DEFAULT_PERIOD));
    }

    @Test
    void everyProblemIsListed() {
        assertThatThrownBy(() -> period("sugar", "yesterday", "2026-13-01T00:00:00Z"))
                .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.problems()).hasSize(3)
                        .anySatisfy(m -> assertThat(m).startsWith("type: unknown measurement type 'sugar'"))
                        .anySatisfy(m -> assertThat(m).startsWith("from: 'yesterday' is not an RFC 3339 time"))
                        .anySatisfy(m -> assertThat(m).startsWith("to: ")));
        assertThatThrownBy(() -> period(null, null, null))
                .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.problems()).singleElement().asString().startsWith("type: missing"));
    }

    @Test
    void fromAfterToAndTooLongPeriodsAreRefused() {
        assertThatThrownBy(() -> period("spo2", "2026-11-24T00:00:00Z", "2026-11-23T00:00:00Z"))
                .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.problems()).singleElement().asString().contains("is after to"));
        assertThatThrownBy(() -> period("spo2", "2024-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
                .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.problems()).singleElement().asString().contains("at most 400 days"));
        assertThat(period("spo2", "2025-11-01T00:00:00Z", "2026-11-01T00:00:00Z").type()).isEqualTo(MeasurementType.SPO2);
    }
}
