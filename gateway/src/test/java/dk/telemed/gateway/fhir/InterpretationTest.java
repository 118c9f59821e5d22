package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class InterpretationTest {
    // Glucose defaults: red below 3.0 / above 16.7, yellow below 3.9 / above 13.9.
    static final Bands GLUCOSE = new Bands(new Band(OptionalDouble.of(3.0), OptionalDouble.of(16.7)),
            new Band(OptionalDouble.of(3.9), OptionalDouble.of(13.9)));

    @ParameterizedTest
    @CsvSource({"2.9, LL", "3.0, L", "3.8, L", "3.9, N", "13.9, N", "14.0, H", "16.7, H", "16.8, HH"})
    void eachEdgeOnBothSides(double value, String code) {
        assertThat(Interpretation.of(value, GLUCOSE).orElseThrow().code()).isEqualTo(code);
    }

    @Test
    void bandsWithoutLimitsGiveNoInterpretation() {
        assertThat(Interpretation.of(5, new Bands(Band.NONE, Band.NONE))).isEmpty();
    }

    @Test
    void theNormalRangeIsWithinTheYellowLimitsOrTheRedWhereNoYellowIsSet() {
        Bands redOnly = new Bands(new Band(OptionalDouble.of(85), OptionalDouble.empty()), Band.NONE);
        assertThat(Interpretation.low(GLUCOSE)).hasValue(3.9);
        assertThat(Interpretation.high(GLUCOSE)).hasValue(13.9);
        assertThat(Interpretation.low(redOnly)).hasValue(85);
        assertThat(Interpretation.high(redOnly)).isEmpty();
        assertThat(Interpretation.of(84, redOnly).orElseThrow().code()).isEqualTo("LL");
    }
}
