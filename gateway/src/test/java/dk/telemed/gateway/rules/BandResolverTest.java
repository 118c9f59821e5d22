package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.RegistryParser;
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

    @Test
    void aThresholdChangedInTheRegistryIsInForceAtTheNextLookUp() throws Exception {
        BandResolver resolver = new BandResolver(Fixtures.shipped());
        String registry = """
                patients:
                  - { id: p-1, careTeam: nord-akut, conditions: [copd], devices: [oxi-1] }
                """;
        Patient before = new RegistryParser().parse(registry, "t").patient("p-1").orElseThrow();
        assertThat(resolver.bands(before, MeasurementType.SPO2).red().below()).hasValue(88);
        Patient after = new RegistryParser().parse(registry.replace("devices: [oxi-1] }",
                "devices: [oxi-1], thresholds: { spo2: { red: { below: 85 } } } }"), "t").patient("p-1").orElseThrow();
        assertThat(resolver.bands(after, MeasurementType.SPO2).red().below()).hasValue(85);
        // The reverse too: a limit taken out of the registry gives the default back.
        assertThat(resolver.bands(before, MeasurementType.SPO2).red().below()).hasValue(88);
    }

    @Test
    void aConditionAddedInTheRegistryChangesTheBandsAtTheNextLookUp() throws Exception {
        BandResolver resolver = new BandResolver(defaults());
        assertThat(resolver.bands(Fixtures.patient("p", "copd"), MeasurementType.PULSE).red().below()).isEmpty();
        assertThat(resolver.bands(Fixtures.patient("p", "copd+diabetes"), MeasurementType.PULSE).red().below()).hasValue(45);
    }

    @Test
    void twoPatientsNeverShareTheirOwnLimits() throws Exception {
        BandResolver resolver = new BandResolver(defaults());
        Patient own = Fixtures.patient("p-own", "copd", Map.of(MeasurementType.PULSE, new Bands(band(30.0, null), Band.NONE)));
        Patient plain = Fixtures.patient("p-plain", "copd");
        Patient otherCondition = Fixtures.patient("p-diab", "diabetes");
        for (int round = 0; round < 2; round++) {
            assertThat(resolver.bands(own, MeasurementType.PULSE)).isEqualTo(new Bands(band(30.0, 125.0), band(null, 100.0)));
            assertThat(resolver.bands(plain, MeasurementType.PULSE)).isEqualTo(new Bands(band(null, 125.0), band(null, 100.0)));
            assertThat(resolver.bands(otherCondition, MeasurementType.PULSE)).isEqualTo(new Bands(band(45.0, 135.0), band(null, 105.0)));
        }
    }

    @Test
    void eachTypeOfOnePatientHasItsOwnBands() {
        BandResolver resolver = new BandResolver(Fixtures.shipped());
        Patient p = Fixtures.patient("p", "copd+diabetes");
        assertThat(resolver.bands(p, MeasurementType.SPO2)).isEqualTo(new Bands(band(88.0, null), band(90.0, null)));
        assertThat(resolver.bands(p, MeasurementType.GLUCOSE)).isEqualTo(new Bands(band(3.0, 16.7), band(3.9, 13.9)));
        assertThat(resolver.bands(p, MeasurementType.PULSE)).isEqualTo(new Bands(band(41.0, 130.0), band(51.0, 110.0)));
        assertThat(resolver.bands(p, MeasurementType.WEIGHT)).isEqualTo(BandResolver.NO_BANDS);
    }
}
