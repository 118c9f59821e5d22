package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped band at each of its edges, from both sides: "below X" is strictly below, so
 * a reading on X is in the milder band. One row per reading; the conditions decide which
 * defaults apply.
 */
class DefaultBandsTest {
    static final ClinicalDefaults DEFAULTS = Fixtures.shipped();
    static final BandResolver RESOLVER = new BandResolver(DEFAULTS);

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            // SpO2 for patients without COPD: red < 90, yellow < 94 (BTS target 94–98 %, NEWS2 scale 1)
            "diabetes,       spo2, 89,   red below",
            "diabetes,       spo2, 90,   yellow below",
            "diabetes,       spo2, 93,   yellow below",
            "diabetes,       spo2, 94,   normal",
            "diabetes,       spo2, 100,  normal",
            // SpO2 with COPD: red < 88, yellow < 90 (BTS target 88–92 %); the COPD bands replace the general ones
            "copd,           spo2, 87,   red below",
            "copd,           spo2, 88,   yellow below",
            "copd,           spo2, 89,   yellow below",
            "copd,           spo2, 90,   normal",
            "copd+diabetes,  spo2, 88,   yellow below",
            "copd+diabetes,  spo2, 90,   normal",
            "copd+diabetes,  spo2, 93,   normal",
            // Pulse, NEWS2: <= 40 red, 41–50 yellow, 111–130 yellow, >= 131 red
            "copd,           pulse, 40,  red below",
            "copd,           pulse, 41,  yellow below",
            "copd,           pulse, 50,  yellow below",
            "copd,           pulse, 51,  normal",
            "copd,           pulse, 110, normal",
            "copd,           pulse, 111, yellow above",
            "copd,           pulse, 130, yellow above",
            "copd,           pulse, 131, red above",
            // Respiratory rate, NEWS2: <= 8 red, 9–11 yellow, 21–24 yellow, >= 25 red
            "copd,           resp_rate, 8,  red below",
            "copd,           resp_rate, 9,  yellow below",
            "copd,           resp_rate, 11, yellow below",
            "copd,           resp_rate, 12, normal",
            "copd,           resp_rate, 20, normal",
            "copd,           resp_rate, 21, yellow above",
            "copd,           resp_rate, 24, yellow above",
            "copd,           resp_rate, 25, red above",
            // Temperature, NEWS2: <= 35.0 red, 35.1–36.0 yellow, 38.1–39.0 yellow, >= 39.1 red
            "diabetes,       temperature, 35.0, red below",
            "diabetes,       temperature, 35.1, yellow below",
            "diabetes,       temperature, 36.0, yellow below",
            "diabetes,       temperature, 36.1, normal",
            "diabetes,       temperature, 38.0, normal",
            "diabetes,       temperature, 38.1, yellow above",
            "diabetes,       temperature, 39.0, yellow above",
            "diabetes,       temperature, 39.1, red above",
            // Systolic BP: <= 90 red, 91–100 yellow (NEWS2); >= 180 yellow (ESC/ESH grade 3); >= 220 red (NEWS2)
            "copd,           bp_sys, 90,  red below",
            "copd,           bp_sys, 91,  yellow below",
            "copd,           bp_sys, 100, yellow below",
            "copd,           bp_sys, 101, normal",
            "copd,           bp_sys, 179, normal",
            "copd,           bp_sys, 180, yellow above",
            "copd,           bp_sys, 219, yellow above",
            "copd,           bp_sys, 220, red above",
            // Diastolic BP: >= 110 yellow (ESC/ESH grade 3), >= 120 red
            "copd,           bp_dia, 40,  normal",
            "copd,           bp_dia, 109, normal",
            "copd,           bp_dia, 110, yellow above",
            "copd,           bp_dia, 119, yellow above",
            "copd,           bp_dia, 120, red above",
            // Glucose with diabetes: < 3.0 red, < 3.9 yellow (level 2 / level 1 hypo); > 13.9 yellow, > 16.7 red
            "diabetes,       glucose, 2.9,  red below",
            "diabetes,       glucose, 3.0,  yellow below",
            "diabetes,       glucose, 3.8,  yellow below",
            "diabetes,       glucose, 3.9,  normal",
            "diabetes,       glucose, 13.9, normal",
            "diabetes,       glucose, 14.0, yellow above",
            "diabetes,       glucose, 16.7, yellow above",
            "diabetes,       glucose, 16.8, red above",
            "copd+diabetes,  glucose, 2.9,  red below",
            // Without diabetes there are no glucose bands by default
            "copd,           glucose, 2.0,  normal",
            // Ketones with diabetes: 0.6 or more yellow, above 1.5 red
            "diabetes,       ketones, 0.5,  normal",
            "diabetes,       ketones, 0.59, normal",
            "diabetes,       ketones, 0.6,  yellow above",
            "diabetes,       ketones, 1.5,  yellow above",
            "diabetes,       ketones, 1.6,  red above",
            "diabetes,       ketones, 0.0,  normal",
    })
    void eachDefaultBandAtItsEdges(String conditions, String type, double value, String expected) {
        MeasurementType t = MeasurementType.fromWireName(type).orElseThrow();
        Bands bands = RESOLVER.bands(Fixtures.patient("p-1", conditions), t);
        assertThat(classify(value, bands)).isEqualTo(expected);
    }

    static String classify(double value, Bands bands) {
        for (Direction d : Direction.values()) {
            Optional<Severity> s = BandRule.severity(value, d, d.limit(bands.red()), d.limit(bands.yellow()));
            if (s.isPresent()) {
                return s.get().wireName() + " " + d.wireName();
            }
        }
        return "normal";
    }
}
