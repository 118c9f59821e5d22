package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.MeasurementType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class BandResolverTest {
    static ClinicalDefaults defaults() throws ConfigException {
        return new ThresholdsParser().parse("""
                approvedBy: null
                approvedOn: null
                bands:
                  all:
                    pulse: { red: { below: 40, above: 130 }, yellow: { below: 50, above: 110 } }
                  copd:
                    pulse: { red: { above: 125 }, yellow: { above: 100 } }
                  diabetes:
                    pulse: { red: { below: 45, above: 135 }, yellow: { above: 105 } }
                """, "t");
    }

    static Band band(Double below, Double above) {
        return new Band(below == null ? OptionalDouble.empty() : OptionalDouble.of(below),
                above == null ? OptionalDouble.empty() : OptionalDouble.of(above));
    }

    @Test
    void withoutAConditionOfItsOwnTheGeneralBandsApply() throws Exception {
        ClinicalDefaults d = new ThresholdsParser().parse("{approvedBy: null, approvedOn: null, bands: { all: { pulse: { red: { below: 40 } } } }}", "t");
        assertThat(new BandResolver(d).bands(Fixtures.patient("p", "copd"), MeasurementType.PULSE).red().below()).hasValue(40);
        assertThat(new BandResolver(d).bands(Fixtures.patient("p", "copd"), MeasurementType.GLUCOSE)).isEqualTo(BandResolver.NO_BANDS);
    }

    @Test
    void aConditionsBandsReplaceTheGeneralOnesForThatType() throws Exception {
        Bands copd = new BandResolver(defaults()).bands(Fixtures.patient("p", "copd"), MeasurementType.PULSE);
        assertThat(copd).isEqualTo(new Bands(band(null, 125.0), band(null, 100.0)));
    }

    @Test
    void twoConditionsGiveTheStricterLimitOfEach() throws Exception {
        Bands both = new BandResolver(defaults()).bands(Fixtures.patient("p", "copd+diabetes"), MeasurementType.PULSE);
        assertThat(both).isEqualTo(new Bands(band(45.0, 125.0), band(null, 100.0)));
    }

    @Test
    void thePatientsOwnLimitsWinLimitByLimit() throws Exception {
        Bands own = new Bands(band(null, 140.0), Band.NONE);
        Bands result = new BandResolver(defaults()).bands(
                Fixtures.patient("p", "copd+diabetes", Map.of(MeasurementType.PULSE, own)), MeasurementType.PULSE);
        assertThat(result).isEqualTo(new Bands(band(45.0, 140.0), band(null, 100.0)));
    }

    @Test
    void theInterfaceExampleOverrideOfACopdPatient() {
        Bands own = new Bands(band(85.0, null), band(88.0, null));
        Bands result = new BandResolver(Fixtures.shipped()).bands(
                Fixtures.patient("p-0001", "copd", Map.of(MeasurementType.SPO2, own)), MeasurementType.SPO2);
        assertThat(result).isEqualTo(own);
    }
}
