package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.LevelStatistic;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RelativeLimit;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.RelativeLimits;
import dk.telemed.testsupport.AlertSentence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relative limits with the shipped defaults: SpO2 yellow at 3 or more points below the
 * patient's median of the last 14 days, red at 5 or more; pulse yellow at 15 /min or more
 * above it, red at 25. Each edge from both sides.
 */
class RelativeRuleTest {
    static final Instant NOW = Fixtures.T0.plus(Duration.ofDays(20));
    final ClinicalDefaults defaults = Fixtures.shipped();
    final RelativeRule rule = new RelativeRule();

    /** One reading a day for {@code days} days before NOW, all at {@code level}. */
    static NavigableMap<Instant, Double> steady(int days, double level) {
        NavigableMap<Instant, Double> h = new TreeMap<>();
        for (int d = 1; d <= days; d++) {
            h.put(NOW.minus(Duration.ofDays(d)), level);
        }
        return h;
    }

    Optional<Verdict> judge(Patient p, MeasurementType type, NavigableMap<Instant, Double> history, double value) {
        history.put(NOW, value);
        return defaults.relative(p, type).flatMap(limit -> judgeAt(p, type, limit, history, NOW));
    }

    /** The verdict on the reading at {@code ts}, as the engine judges a reading of a held series. */
    Optional<Verdict> judgeAt(Patient p, MeasurementType type, RelativeLimit limit, NavigableMap<Instant, Double> history, Instant ts) {
        Series held = Fixtures.series(history);
        return rule.judge(p, type, limit, held, held.indexOf(ts));
    }

    static String outcome(Optional<Verdict> v) {
        return v.map(x -> x instanceof Verdict.Alarm a ? a.severity().wireName() : "clear").orElse("nothing");
    }

    @ParameterizedTest(name = "SpO2 {0} % against an own level of 96 %: {1}")
    @CsvSource({"97, clear", "95, clear", "94, nothing", "93, yellow", "92, yellow", "91, red", "88, red"})
    void aCopdPatientFallingInsideTheBandsRaisesAgainstTheOwnLevel(double value, String expected) {
        Patient p = Fixtures.patient("p-drift", "copd");
        assertThat(outcome(judge(p, MeasurementType.SPO2, steady(14, 96), value))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "pulse {0} /min against an own level of 70 /min: {1}")
    @CsvSource({"60, clear", "79, clear", "80, nothing", "84, nothing", "85, yellow", "94, yellow", "95, red"})
    void aPulseRisingFromTheOwnLevelRaises(double value, String expected) {
        Patient p = Fixtures.patient("p-pulse", "copd");
        assertThat(outcome(judge(p, MeasurementType.PULSE, steady(14, 70), value))).isEqualTo(expected);
    }

    @Test
    void theSentenceStatesTheValueTheLevelAndHowItWasTaken() {
        Verdict.Alarm a = (Verdict.Alarm) judge(Fixtures.patient("p-drift", "copd"), MeasurementType.SPO2, steady(14, 96), 91).orElseThrow();
        assertThat(a.rule()).isEqualTo("spo2.red.relative");
        assertThat(a.key()).isEqualTo(AlertKey.of("p-drift", "spo2", "relative"));
        assertThat(a.threshold()).hasValue(96);
        assertThat(a.message()).isEqualTo("SpO2 91 % is below 96 %, the patient's own level (median of the last 14 days), "
                + "by 5 points; red from 5 points below");
        AlertSentence said = AlertSentence.in(a.message()).orElseThrow();
        assertThat(said.isTrue()).isTrue();
        assertThat(said.value()).isEqualTo(91);
    }

    @Test
    void fewerThanFiveEarlierReadingsInTheWindowGiveNoLevelYet() {
        Patient p = Fixtures.patient("p-new", "copd");
        assertThat(judge(p, MeasurementType.SPO2, steady(4, 96), 88)).isEmpty();
        assertThat(outcome(judge(Fixtures.patient("p-new-5", "copd"), MeasurementType.SPO2, steady(5, 96), 88))).isEqualTo("red");
    }

    @Test
    void readingsOlderThanTheWindowAndOfTheReadingsOwnHourAreNotPartOfTheLevel() {
        Patient p = Fixtures.patient("p-window", "copd");
        NavigableMap<Instant, Double> h = steady(14, 96);
        for (int d = 15; d <= 25; d++) {
            h.put(NOW.minus(Duration.ofDays(d)), 85.0);   // three weeks ago: older than 14 days
        }
        h.put(NOW.minusSeconds(60), 85.0);                  // a minute ago, in the same hour: not yet in the level
        assertThat(outcome(judge(p, MeasurementType.SPO2, h, 93))).isEqualTo("yellow");
    }

    @Test
    void oneStrayReadingDoesNotMoveTheMedian() {
        Patient p = Fixtures.patient("p-stray", "copd");
        NavigableMap<Instant, Double> h = steady(14, 96);
        h.put(NOW.minus(Duration.ofDays(3)), 80.0);
        assertThat(outcome(judge(p, MeasurementType.SPO2, h, 92))).isEqualTo("yellow");
    }

    @Test
    void thePatientsOwnRelativeLimitReplacesTheDefaultAndNoneSwitchesItOff() {
        RelativeLimit own = new RelativeLimit(Duration.ofDays(7), LevelStatistic.MEDIAN, 3, RelativeLimit.Side.BELOW,
                OptionalDouble.of(2), OptionalDouble.of(4), 1);
        Patient strict = patient("p-own", Map.of(MeasurementType.SPO2, own));
        assertThat(outcome(judge(strict, MeasurementType.SPO2, steady(14, 96), 94))).isEqualTo("yellow");
        Patient off = patient("p-off", Map.of(MeasurementType.SPO2, RelativeLimits.NONE));
        assertThat(defaults.relative(off, MeasurementType.SPO2)).isEmpty();
    }

    @Test
    void theLevelIsWorkedOutOncePerHourAndAgainAfterALateReading() {
        Patient p = Fixtures.patient("p-hour", "copd");
        NavigableMap<Instant, Double> h = steady(14, 96);
        assertThat(outcome(judge(p, MeasurementType.SPO2, h, 93))).isEqualTo("yellow");
        // A late upload of low readings inside the window: the level is worked out again, not taken from before.
        for (int d = 1; d <= 14; d++) {
            h.put(NOW.minus(Duration.ofDays(d)).plusSeconds(600), 90.0);
            h.put(NOW.minus(Duration.ofDays(d)).plusSeconds(1200), 90.0);
        }
        h.put(NOW.minus(Duration.ofDays(2)), 96.0);
        judgeAt(p, MeasurementType.SPO2, defaults.relative(p, MeasurementType.SPO2).orElseThrow(), h, NOW.minus(Duration.ofDays(2)));
        assertThat(outcome(judge(p, MeasurementType.SPO2, h, 93))).as("own level now 90 %").isEqualTo("clear");
    }

    static Patient patient(String id, Map<MeasurementType, RelativeLimit> own) {
        Patient base = Fixtures.patient(id, "copd");
        return new Patient(base.id(), base.careTeam(), base.conditions(), base.devices(), Map.of(), Optional.empty(), Map.of(),
                List.of(), Optional.empty(), Optional.empty(), own);
    }

    @Test
    void theNearestRankStatistics() {
        assertThat(LevelStatistic.MEDIAN.of(new double[]{5, 1, 3}, 3)).isEqualTo(3);
        assertThat(LevelStatistic.MEDIAN.of(new double[]{4, 1, 3, 2}, 4)).isEqualTo(2);
        assertThat(LevelStatistic.MAX.of(new double[]{4, 9, 3}, 3)).isEqualTo(9);
        assertThat(new LevelStatistic(90).of(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10)).isEqualTo(9);
        assertThat(LevelStatistic.fromWireName("p90")).contains(new LevelStatistic(90));
        assertThat(LevelStatistic.fromWireName("p0")).isEmpty();
        assertThat(LevelStatistic.fromWireName("mean")).isEmpty();
    }

    @Test
    void aReadingTheBandsAlreadyFindAsBadRaisesNoSecondAlert() {
        Patient p = Fixtures.patient("p-both", "copd");
        NavigableMap<Instant, Double> h = steady(14, 93);
        Verdict relative = judge(p, MeasurementType.SPO2, h, 84).orElseThrow();
        RelativeLimit limit = defaults.relative(p, MeasurementType.SPO2).orElseThrow();
        List<Verdict> bands = Fixtures.judgeBands(p, MeasurementType.SPO2, new BandResolver(defaults).bands(p, MeasurementType.SPO2),
                defaults.timing(MeasurementType.SPO2), h);
        assertThat(RelativeRule.toldByBands(relative, limit, bands)).as("84 %: red on the bands and red against 93 %").isTrue();
        NavigableMap<Instant, Double> inside = steady(14, 96);
        Verdict fall = judge(Fixtures.patient("p-inside", "copd"), MeasurementType.SPO2, inside, 91).orElseThrow();
        List<Verdict> none = Fixtures.judgeBands(p, MeasurementType.SPO2, new BandResolver(defaults).bands(p, MeasurementType.SPO2),
                defaults.timing(MeasurementType.SPO2), inside);
        assertThat(RelativeRule.toldByBands(fall, limit, none)).as("91 %: inside the bands").isFalse();
    }
}
