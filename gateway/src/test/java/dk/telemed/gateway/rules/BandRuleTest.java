package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** Persistence (how many readings raise) and hysteresis (how far back to resolve) of the band rule. */
class BandRuleTest {
    static final Patient P = Fixtures.patient("p-1", "copd");
    /** SpO2 red < 90, yellow < 94. */
    static final Bands SPO2 = new Bands(new Band(OptionalDouble.of(90), OptionalDouble.empty()),
            new Band(OptionalDouble.of(94), OptionalDouble.empty()));
    /** Yellow needs two readings within 30 minutes; red raises at once; resolve 1 %-point inside, one reading. */
    static final BandTiming TIMING = new BandTiming(BandTiming.Confirm.FIRST,
            new BandTiming.Confirm(2, Optional.of(Duration.ofMinutes(30))), 1, 1);

    static List<Verdict> judge(NavigableMap<java.time.Instant, Double> series, BandTiming timing) {
        return Fixtures.judgeBands(P, MeasurementType.SPO2, SPO2, timing, series);
    }

    static Optional<Verdict> below(List<Verdict> verdicts) {
        return verdicts.stream().filter(v -> v.key().family().equals("below")).findFirst();
    }

    @Test
    void oneYellowReadingIsNotYetAnAlarm() {
        assertThat(below(judge(Fixtures.series(0, 95, 10, 92), TIMING))).isEmpty();
    }

    @Test
    void twoYellowReadingsWithinTheWindowRaiseYellow() {
        Verdict v = below(judge(Fixtures.series(0, 92, 30, 91), TIMING)).orElseThrow();
        assertThat(v).isInstanceOfSatisfying(Verdict.Alarm.class, a -> {
            assertThat(a.severity()).isEqualTo(Severity.YELLOW);
            assertThat(a.rule()).isEqualTo("spo2.yellow.below");
            assertThat(a.threshold()).hasValue(94);
            assertThat(a.value()).hasValue(91);
            assertThat(a.readingTs()).contains(Fixtures.T0.plus(Duration.ofMinutes(30)));
            assertThat(a.message()).isEqualTo("SpO2 91 % is below 94 % (2 readings in a row)");
            assertThat(a.thresholds()).contains(SPO2);
        });
    }

    @Test
    void twoYellowReadingsFurtherApartThanTheWindowDoNot() {
        assertThat(below(judge(Fixtures.series(0, 92, 31, 91), TIMING))).isEmpty();
    }

    @Test
    void aNormalReadingInBetweenBreaksTheRun() {
        assertThat(below(judge(Fixtures.series(0, 92, 5, 96, 10, 91), TIMING))).isEmpty();
    }

    @Test
    void aRedReadingCountsTowardsYellowAndRaisesRedAtOnce() {
        Verdict.Alarm a = (Verdict.Alarm) below(judge(Fixtures.series(0, 95, 10, 88), TIMING)).orElseThrow();
        assertThat(a.severity()).isEqualTo(Severity.RED);
        assertThat(a.rule()).isEqualTo("spo2.red.below");
        Verdict.Alarm b = (Verdict.Alarm) below(judge(Fixtures.series(0, 92, 10, 89), TIMING)).orElseThrow();
        assertThat(b.severity()).isEqualTo(Severity.RED);
    }

    @Test
    void onTheEdgeOrInsideTheMarginNothingResolves() {
        assertThat(below(judge(Fixtures.series(0, 94), TIMING))).isEmpty();
        assertThat(below(judge(Fixtures.series(0, 94.9), TIMING))).isEmpty();
    }

    @Test
    void backInsideByTheMarginResolves() {
        assertThat(below(judge(Fixtures.series(0, 95), TIMING))).get().isInstanceOf(Verdict.Clear.class);
    }

    @Test
    void resolvingCanNeedSeveralReadingsInARow() {
        BandTiming twoToResolve = new BandTiming(BandTiming.Confirm.FIRST, BandTiming.Confirm.FIRST, 1, 2);
        assertThat(below(judge(Fixtures.series(0, 88, 10, 96), twoToResolve))).isEmpty();
        assertThat(below(judge(Fixtures.series(0, 88, 10, 96, 20, 97), twoToResolve))).get().isInstanceOf(Verdict.Clear.class);
    }

    @Test
    void aValueDancingOnTheEdgeRaisesOnceAndResolvesOnce() {
        AlertLifecycle lifecycle = new AlertLifecycle(new ManualClock(Fixtures.T0.plus(Duration.ofHours(2))),
                Duration.ofHours(1), Fixtures.CPH);
        BandTiming immediate = new BandTiming(BandTiming.Confirm.FIRST, BandTiming.Confirm.FIRST, 1, 1);
        double[] values = {94, 93.9, 94, 93.8, 94.2, 93.9, 94.5, 94, 93.9, 95.1};
        NavigableMap<java.time.Instant, Double> series = new java.util.TreeMap<>();
        List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            series.put(Fixtures.T0.plus(Duration.ofMinutes(6L * i)), values[i]);
            below(judge(series, immediate)).flatMap(lifecycle::apply).ifPresent(c -> events.add(c.event().event().wireName()));
        }
        assertThat(events).containsExactly("raised", "resolved");
    }

    @Test
    void removedLimitsResolve() {
        List<Verdict> verdicts = Fixtures.judgeBands(P, MeasurementType.SPO2, BandResolver.NO_BANDS, TIMING, Fixtures.series(0, 80));
        assertThat(verdicts).hasSize(2).allMatch(v -> v instanceof Verdict.Clear);
    }

    @Test
    void aGlucometersLoIsARedLowAndHiARedHigh() {
        Bands glucose = Fixtures.shipped().bandsByCondition().get(dk.telemed.gateway.model.Condition.DIABETES).get(MeasurementType.GLUCOSE);
        Patient p = Fixtures.patient("p-2", "diabetes");
        Verdict.Alarm lo = (Verdict.Alarm) BandRule.deviceLimit(p, new DeviceLimit("p-2", "gluco-2", MeasurementType.GLUCOSE,
                Fixtures.T0, DeviceLimit.Side.LO), glucose).orElseThrow();
        assertThat(lo.severity()).isEqualTo(Severity.RED);
        assertThat(lo.rule()).isEqualTo("glucose.red.device_lo");
        assertThat(lo.key()).isEqualTo(AlertKey.band("p-2", MeasurementType.GLUCOSE, Direction.BELOW));
        assertThat(lo.threshold()).hasValue(3.0);
        assertThat(lo.value()).isEmpty();
        Verdict.Alarm hi = (Verdict.Alarm) BandRule.deviceLimit(p, new DeviceLimit("p-2", "gluco-2", MeasurementType.GLUCOSE,
                Fixtures.T0, DeviceLimit.Side.HI), glucose).orElseThrow();
        assertThat(hi.rule()).isEqualTo("glucose.red.device_hi");
    }

    @Test
    void aKetoneMetersLoIsNoAlarm() {
        Bands ketones = Fixtures.shipped().bandsByCondition().get(dk.telemed.gateway.model.Condition.DIABETES).get(MeasurementType.KETONES);
        assertThat(BandRule.deviceLimit(Fixtures.patient("p-2", "diabetes"), new DeviceLimit("p-2", "keto-2", MeasurementType.KETONES,
                Fixtures.T0, DeviceLimit.Side.LO), ketones)).isEmpty();
    }
}
