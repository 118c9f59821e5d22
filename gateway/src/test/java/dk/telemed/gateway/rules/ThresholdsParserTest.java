package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdsParserTest {
    final ThresholdsParser parser = new ThresholdsParser();

    @Test
    void theShippedFileParsesWithEveryPart() throws Exception {
        ClinicalDefaults d = Fixtures.shipped();
        assertThat(d.bandsForAll()).containsKeys(MeasurementType.SPO2, MeasurementType.PULSE, MeasurementType.RESP_RATE,
                MeasurementType.TEMPERATURE, MeasurementType.BP_SYS, MeasurementType.BP_DIA);
        assertThat(d.bandsByCondition().get(Condition.COPD)).containsKey(MeasurementType.SPO2);
        assertThat(d.bandsByCondition().get(Condition.DIABETES)).containsKeys(MeasurementType.GLUCOSE, MeasurementType.KETONES);
        assertThat(d.timing(MeasurementType.SPO2).yellow()).isEqualTo(new BandTiming.Confirm(2, Optional.of(Duration.ofDays(3))));
        assertThat(d.timing(MeasurementType.FVC)).isEqualTo(BandTiming.IMMEDIATE);
        assertThat(d.trends()).extracting(r -> r.ruleName(Severity.YELLOW)).containsExactlyInAnyOrder(
                "fev1.yellow.baseline", "weight.yellow.gain_3d", "weight.yellow.loss_3d", "weight.yellow.loss_30d");
        assertThat(d.plansByCondition().get(Condition.DIABETES)).containsEntry(MeasurementType.GLUCOSE, MeasurementPlan.every(Duration.ofDays(1)));
        assertThat(d.planGrace()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void theCopyInTheJarIsTheShippedFile() throws Exception {
        assertThat(ThresholdsLoader.shipped()).isEqualTo(Fixtures.shipped());
        assertThat(ThresholdsLoader.load("config/thresholds.yaml")).isEqualTo(Fixtures.shipped());
    }

    @Test
    void aNamedFileThatDoesNotExistStopsTheStart() {
        assertThatThrownBy(() -> ThresholdsLoader.load("/nowhere/thresholds.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/nowhere/thresholds.yaml: no such file");
    }

    @Test
    void everyProblemIsNamedWithFileAndPath() {
        assertThatThrownBy(() -> parser.parse("""
                bands:
                  all:
                    spo2: { red: { below: 95 }, yellow: { below: 94 } }
                  asthma:
                    pef: { red: { below: 100 } }
                  copd:
                    mood: { red: { below: 1 } }
                timing:
                  pulse: { confirm: { yellow: { readings: 0, every: P1D } }, resolve: { margin: -1 } }
                trends:
                  fev1:
                    baseline: { bestOf: 30 days, yellowBelowPercent: 80, redBelowPercent: 90 }
                  weight:
                    gain_3d: { within: P3D, severity: orange, gainMoreThan: 2, lossMoreThan: 2 }
                    "Gain": { within: P3D, severity: yellow, gainMoreThan: 2 }
                plans:
                  grace: soon
                  diabetes:
                    glucose: { every: P0D }
                  byTreatment:
                    tablets: { glucose: none }
                relative:
                  copd:
                    spo2: { window: P60D, statistic: mean, side: down, yellow: 5, red: 3, minReadings: 0 }
                    pulse: none
                approvedBy: Dr. Hansen
                approvedOn: 1 December
                extra: 1
                """, "thresholds.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("thresholds.yaml: bands.all.spo2.red.below: 95.0 is above yellow.below 94.0")
                .hasMessageContaining("thresholds.yaml: bands.asthma: unknown group (known: all, copd, diabetes)")
                .hasMessageContaining("thresholds.yaml: bands.copd.mood: unknown measurement type")
                .hasMessageContaining("thresholds.yaml: timing.pulse.confirm.yellow: 'every' is not a key of a confirmation (known: readings, within, side)")
                .hasMessageContaining("thresholds.yaml: timing.pulse.confirm.yellow.readings: '0' is not a whole number from 1 to 100")
                .hasMessageContaining("thresholds.yaml: timing.pulse.resolve.margin: '-1' is not a number of 0 or more")
                .hasMessageContaining("thresholds.yaml: trends.fev1.baseline.bestOf: '30 days' is not a positive ISO-8601 duration")
                .hasMessageContaining("thresholds.yaml: trends.fev1.baseline.redBelowPercent: 90.0 is above yellowBelowPercent 80.0")
                .hasMessageContaining("thresholds.yaml: trends.weight.gain_3d: needs exactly one of")
                .hasMessageContaining("thresholds.yaml: trends.weight.gain_3d.severity: 'orange' must be red or yellow")
                .hasMessageContaining("thresholds.yaml: trends.weight.Gain: a rule name must match")
                .hasMessageContaining("thresholds.yaml: plans.grace: 'soon' is not a positive ISO-8601 duration")
                .hasMessageContaining("thresholds.yaml: plans.diabetes.glucose.every: 'P0D' is not a positive ISO-8601 duration")
                .hasMessageContaining("thresholds.yaml: plans.byTreatment.tablets: unknown treatment (known: insulin, sulfonylurea, diet, other)")
                .hasMessageContaining("thresholds.yaml: relative.copd.spo2.window: at most 30 days (P30D)")
                .hasMessageContaining("thresholds.yaml: relative.copd.spo2.statistic: 'mean' is not median, max or pNN")
                .hasMessageContaining("thresholds.yaml: relative.copd.spo2.side: expected below or above, not 'down'")
                .hasMessageContaining("thresholds.yaml: relative.copd.spo2.red: 3.0 must lie further from the level than yellow (5.0)")
                .hasMessageContaining("thresholds.yaml: relative.copd.spo2.minReadings: expected a whole number of at least 1")
                .hasMessageContaining("thresholds.yaml: relative.copd.pulse: none is for a patient's own entry")
                .hasMessageContaining("thresholds.yaml: approvedOn: '1 December' is not a date (YYYY-MM-DD)")
                .hasMessageContaining("thresholds.yaml: extra: unknown key");
    }

    @Test
    void theApprovalMustBeStatedEvenIfNobodyHasApprovedYet() throws Exception {
        assertThatThrownBy(() -> parser.parse("bands: {}", "thresholds.yaml"))
                .hasMessageContaining("thresholds.yaml: approvedBy, approvedOn: say who approved this threshold set");
        assertThat(parser.parse("{approvedBy: null, approvedOn: null}", "t").approval().approved()).isFalse();
        ClinicalDefaults.Approval approved = parser.parse("{approvedBy: 'Overlæge A. Hansen, lungemedicinsk afd.', approvedOn: 2026-12-01}", "t")
                .approval();
        assertThat(approved.approved()).isTrue();
        assertThat(approved.approvedBy()).contains("Overlæge A. Hansen, lungemedicinsk afd.");
        assertThat(approved.approvedOn()).contains(java.time.LocalDate.of(2026, 12, 1));
    }

    @Test
    void aNumberIsReadOnlyAsWrittenAndAWrongKindIsNamedByItsPath() {
        assertThatThrownBy(() -> parser.parse("""
                approvedBy: null
                approvedOn: null
                timing:
                  pulse: { confirm: { red: { readings: 2.5 } }, resolve: { margin: "1", level: 2 } }
                  spo2: { confirm: { red: { readings: 2, within: 3 } } }
                trends:
                  fev1:
                    baseline: { bestOf: P30D, yellowBelowPercent: "80", minReadings: 3 }
                  weight:
                    gain_3d: { within: P3D, severity: yellow, gainMoreThan: 2, minReadings: 1.5 }
                """, "thresholds.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("thresholds.yaml: timing.pulse.confirm.red: readings is of the wrong kind (expected a whole number)")
                .hasMessageContaining("thresholds.yaml: timing.pulse.resolve: 'level' is not a key of resolve (known: margin, readings)")
                .hasMessageContaining("thresholds.yaml: timing.pulse.resolve: margin is of the wrong kind (expected a number)")
                .hasMessageContaining("thresholds.yaml: timing.spo2.confirm.red: within is of the wrong kind (expected text)")
                .hasMessageContaining("thresholds.yaml: trends.fev1.baseline: yellowBelowPercent is of the wrong kind (expected a number)")
                .hasMessageContaining("thresholds.yaml: trends.weight.gain_3d: minReadings is of the wrong kind (expected a whole number)");
    }

    @Test
    void aYamlErrorNamesTheLine() {
        assertThatThrownBy(() -> parser.parse("bands:\n  all: [\n", "thresholds.yaml"))
                .hasMessageContaining("thresholds.yaml line");
    }
}
