package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.LevelStatistic;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Trends from the patient's own readings, with the shipped rules. */
class BaselineRuleTest {
    static final ClinicalDefaults D = Fixtures.shipped();
    static final Patient P = Fixtures.patient("p-1", "copd");

    static TrendRule rule(MeasurementType type, String name) {
        return D.trends(type).stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /** Daily readings, the last of them the one judged. */
    static NavigableMap<Instant, Double> days(double... values) {
        NavigableMap<Instant, Double> s = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            s.put(Fixtures.T0.plus(Duration.ofDays(i)), values[i]);
        }
        return s;
    }

    static Optional<Verdict> judge(MeasurementType type, String name, double... values) {
        NavigableMap<Instant, Double> s = days(values);
        return judge(rule(type, name), s, s.lastKey());
    }

    /** The verdict on the reading at {@code ts}, as the engine judges a reading of a held series. */
    static Optional<Verdict> judge(TrendRule rule, NavigableMap<Instant, Double> history, Instant ts) {
        Series held = Fixtures.series(history);
        return BaselineRule.judge(P, rule, held, held.indexOf(ts));
    }

    static Severity severity(Optional<Verdict> v) {
        return ((Verdict.Alarm) v.orElseThrow()).severity();
    }

    @Test
    void fev1AgainstTheBestOfThirtyDays() {
        assertThat(judge(MeasurementType.FEV1, "baseline", 2.0, 1.9, 1.95, 1.7)).as("85 %: clear by the margin").get().isInstanceOf(Verdict.Clear.class);
        assertThat(judge(MeasurementType.FEV1, "baseline", 2.0, 1.9, 1.95, 1.61)).as("80.5 %: inside the margin").isEmpty();
        assertThat(judge(MeasurementType.FEV1, "baseline", 2.0, 1.9, 1.95, 1.6)).as("exactly 80 %: not yet").isEmpty();
        assertThat(severity(judge(MeasurementType.FEV1, "baseline", 2.0, 1.9, 1.95, 1.59))).isEqualTo(Severity.YELLOW);
        assertThat(severity(judge(MeasurementType.FEV1, "baseline", 2.0, 1.9, 1.95, 1.39))).isEqualTo(Severity.RED);
        Verdict.Alarm a = (Verdict.Alarm) judge(MeasurementType.FEV1, "baseline", 2.0, 1.9, 1.95, 1.5).orElseThrow();
        assertThat(a.rule()).isEqualTo("fev1.yellow.baseline");
        assertThat(a.threshold().getAsDouble()).isCloseTo(1.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.key()).isEqualTo(AlertKey.trend("p-1", MeasurementType.FEV1, "baseline"));
        assertThat(a.message()).isEqualTo("FEV1 1.5 L is 75 % of the personal best 2 L (90th percentile of the last 30 days), yellow below 80 %");
    }

    @Test
    void oneLuckyBlowDoesNotRaiseThePersonalBest() {
        double[] values = {2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 3.0, 0};
        values[10] = 1.6;
        assertThat(judge(MeasurementType.FEV1, "baseline", values)).as("80 % of the 90th percentile (2.0), not 53 % of 3.0").isEmpty();
        values[10] = 1.59;
        assertThat(severity(judge(MeasurementType.FEV1, "baseline", values))).isEqualTo(Severity.YELLOW);
        assertThat(((TrendRule.PercentOfBest) rule(MeasurementType.FEV1, "baseline")).statistic()).isEqualTo(new LevelStatistic(90));
    }

    @Test
    void aWindowOfManyReadingsTakesThePercentileOfThemAll() {
        // Four readings a day for 30 days, 1.50 to 2.69 L in 0.01 L steps: the 90th percentile of 120 is the 108th, 2.57 L.
        NavigableMap<Instant, Double> s = new TreeMap<>();
        Instant first = Fixtures.T0.minus(Duration.ofDays(30)).plusSeconds(60);
        for (int i = 0; i < 120; i++) {
            s.put(first.plus(Duration.ofHours(6).multipliedBy(i)), 1.5 + ((i * 7) % 120) / 100.0);
        }
        s.put(Fixtures.T0, 2.0);
        Verdict.Alarm a = (Verdict.Alarm) judge(rule(MeasurementType.FEV1, "baseline"), s, Fixtures.T0).orElseThrow();
        assertThat(a.message()).startsWith("FEV1 2 L is 77 % of the personal best 2.57 L");
    }

    @Test
    void noVerdictUntilTheBaselineHasEnoughReadings() {
        assertThat(judge(MeasurementType.FEV1, "baseline", 2.0, 2.0, 1.0)).isEmpty();
    }

    @Test
    void readingsOutsideTheWindowDoNotCountTowardsTheBest() {
        NavigableMap<Instant, Double> s = new TreeMap<>();
        s.put(Fixtures.T0, 3.0);
        for (int i = 31; i < 35; i++) {
            s.put(Fixtures.T0.plus(Duration.ofDays(i)), 2.0);
        }
        assertThat(judge(rule(MeasurementType.FEV1, "baseline"), s, s.lastKey())).get().isInstanceOf(Verdict.Clear.class);
    }

    @Test
    void aLateReadingIsJudgedAgainstWhatCameBeforeIt() {
        NavigableMap<Instant, Double> s = days(2.0, 2.0, 2.0, 1.5, 2.0, 2.0);
        Instant late = Fixtures.T0.plus(Duration.ofDays(3));
        assertThat(severity(judge(rule(MeasurementType.FEV1, "baseline"), s, late))).isEqualTo(Severity.YELLOW);
    }

    /** The asthma-derived peak-flow zones, as the comment in thresholds.yaml offers them; not a shipped default. */
    @Test
    void peakFlowZonesWhereAGroupTakesThem() throws Exception {
        TrendRule pef = new ThresholdsParser().parse("""
                {approvedBy: null, approvedOn: null, trends: {pef: {baseline: {bestOf: P30D, statistic: p90, minReadings: 3,
                  yellowBelowPercent: 80, redBelowPercent: 50, resolveMarginPercent: 5}}}}""", "t").trends().get(0);
        assertThat(D.trends(MeasurementType.PEF)).as("not a COPD default").isEmpty();
        NavigableMap<Instant, Double> s = days(400, 450, 420, 359);
        assertThat(severity(judge(pef, s, s.lastKey()))).isEqualTo(Severity.YELLOW);
        s = days(400, 450, 420, 224);
        assertThat(severity(judge(pef, s, s.lastKey()))).isEqualTo(Severity.RED);
        s = days(400, 450, 420, 225);
        assertThat(severity(judge(pef, s, s.lastKey()))).as("exactly 50 %").isEqualTo(Severity.YELLOW);
    }

    @Test
    void weightGainOfMoreThanTwoKiloInThreeDays() {
        assertThat(judge(MeasurementType.WEIGHT, "gain_3d", 80.0, 81.0, 82.0)).as("exactly 2 kg").isEmpty();
        Verdict.Alarm a = (Verdict.Alarm) judge(MeasurementType.WEIGHT, "gain_3d", 80.0, 81.0, 82.1).orElseThrow();
        assertThat(a.rule()).isEqualTo("weight.yellow.gain_3d");
        assertThat(a.severity()).isEqualTo(Severity.YELLOW);
        assertThat(a.threshold()).hasValue(82.0);
        assertThat(judge(MeasurementType.WEIGHT, "gain_3d", 80.0, 80.5, 81.4)).as("within the margin").get().isInstanceOf(Verdict.Clear.class);
        assertThat(judge(MeasurementType.WEIGHT, "gain_3d", 80.0, 80.5, 81.7)).as("in the margin: no change").isEmpty();
        assertThat(judge(MeasurementType.WEIGHT, "gain_3d", 78.0, 80.0, 80.0, 80.0, 80.5)).as("the 78 kg is older than 3 days")
                .get().isInstanceOf(Verdict.Clear.class);
    }

    @Test
    void weightLossOfMoreThanFivePercentInAMonth() {
        double[] values = new double[31];
        for (int i = 0; i < 30; i++) {
            values[i] = 80.0 - i * 0.1;
        }
        values[30] = 75.9;
        assertThat(severity(judge(MeasurementType.WEIGHT, "loss_30d", values))).isEqualTo(Severity.YELLOW);
        values[30] = 76.0;
        assertThat(judge(MeasurementType.WEIGHT, "loss_30d", values)).as("exactly 5 %").isEmpty();
    }
}
