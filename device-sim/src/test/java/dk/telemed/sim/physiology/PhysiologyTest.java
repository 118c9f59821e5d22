package dk.telemed.sim.physiology;

import dk.telemed.sim.SpecPayloads;
import dk.telemed.sim.TestFleets;
import dk.telemed.sim.payload.PayloadEncoder;
import dk.telemed.sim.population.Condition;
import dk.telemed.sim.population.Device;
import dk.telemed.sim.population.DeviceKind;
import dk.telemed.sim.population.Patient;
import dk.telemed.sim.traffic.DeviceState;
import dk.telemed.sim.traffic.HistorySource;
import dk.telemed.sim.traffic.NaturalSchedule;
import dk.telemed.sim.traffic.Packing;
import dk.telemed.sim.traffic.Planned;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A compressed run of 120 days for 80 patients, checked against the clinical story. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhysiologyTest {

    private static final long DAY = 86_400_000L;
    private static final long END = 1_795_600_000_000L;
    private static final long START = END - 120 * DAY;

    private final Map<Patient, PatientModel> models = new HashMap<>();
    private final Map<Patient, List<Reading>> byPatient = new HashMap<>();
    private final List<Reading> all = new ArrayList<>();

    @BeforeAll
    void runHistory() {
        var population = TestFleets.population(80, 21);
        List<DeviceState> devices = TestFleets.devices(population, 0.05);
        var source = new HistorySource(devices, Packing.NATURAL, new NaturalSchedule(21, TestFleets.ZONE),
                TestFleets.ZONE, START, END, new SplittableRandom(3));
        var encoder = new PayloadEncoder(new LocalClock(TestFleets.ZONE), "h");
        var spec = new SpecPayloads();
        long lastTs = Long.MIN_VALUE;
        Planned p;
        while ((p = source.next(Integer.MAX_VALUE)) != null) {
            Patient patient = p.device().model().patient();
            models.put(patient, p.device().model());
            byPatient.computeIfAbsent(patient, k -> new ArrayList<>()).addAll(p.readings());
            all.addAll(p.readings());
            // Every history payload is valid too, and the replay runs forward in time.
            spec.parse(p.device().readingsTopic(), TestFleets.encode(encoder, p));
            assertThat(p.readings().get(0).tsMillis()).isBetween(START, END).isGreaterThanOrEqualTo(lastTs);
            lastTs = p.readings().get(0).tsMillis();
        }
    }

    @Test
    void followsTheMeasurementPlan() {
        for (var e : byPatient.entrySet()) {
            Patient patient = e.getKey();
            if (patient.has(Condition.COPD)) {
                // Twice a day, less a few forgotten, plus extra checks on bad days.
                assertThat(count(e.getValue(), ReadingType.SPO2)).isBetween(220L, 280L);
                assertThat(count(e.getValue(), ReadingType.FEV1)).isBetween(110L, 120L);
                assertThat(count(e.getValue(), ReadingType.WEIGHT)).isBetween(45L, 53L); // 3 a week
            } else {
                assertThat(count(e.getValue(), ReadingType.WEIGHT)).isBetween(14L, 18L); // weekly
            }
            if (patient.has(Condition.DIABETES)) {
                assertThat(count(e.getValue(), ReadingType.GLUCOSE)).isBetween(450L, 520L); // 4 a day + symptoms
            }
            boolean cuff = patient.devices().stream().anyMatch(d -> d.kind() == DeviceKind.BP_CUFF);
            assertThat(count(e.getValue(), ReadingType.BP_SYS)).isEqualTo(cuff ? count(e.getValue(), ReadingType.BP_DIA)
                    : 0);
            if (cuff) {
                assertThat(count(e.getValue(), ReadingType.BP_SYS)).isBetween(30L, 36L); // twice a week
            }
        }
    }

    @Test
    void copdExacerbationsHappenAndLookLikeOne() {
        int seen = 0;
        for (var e : byPatient.entrySet()) {
            Patient patient = e.getKey();
            if (!patient.has(Condition.COPD)) {
                continue;
            }
            List<Episode> episodes = models.get(patient).calendar().between(EpisodeKind.EXACERBATION, START, END);
            List<Reading> readings = e.getValue();
            double normalSpo2 = median(outside(readings, ReadingType.SPO2, episodes));
            double normalFev1 = median(outside(readings, ReadingType.FEV1, episodes));
            double normalPulse = median(outside(readings, ReadingType.PULSE, episodes));
            for (Episode ep : episodes) {
                List<Double> spo2 = atPeak(readings, ReadingType.SPO2, ep);
                List<Double> fev1 = atPeak(readings, ReadingType.FEV1, ep);
                if (spo2.size() < 2 || fev1.isEmpty() || ep.start() < START) {
                    continue;
                }
                seen++;
                // SpO2 falls a few points to the high 80s or below.
                assertThat(mean(spo2)).isLessThanOrEqualTo(89.5).isLessThanOrEqualTo(normalSpo2 - 2.5);
                assertThat(spo2.stream().mapToDouble(x -> x).min().orElseThrow()).isLessThanOrEqualTo(89.5);
                // FEV1 falls 20-40 % (measured against the patient's own normal, with noise).
                assertThat(mean(fev1) / normalFev1).isBetween(0.55, 0.85);
                // Pulse up.
                assertThat(mean(atPeak(readings, ReadingType.PULSE, ep))).isGreaterThan(normalPulse + 5);
                // It builds up over a couple of days: on the first day it is still mild.
                assertThat(ep.peakStart() - ep.start()).isBetween(36 * 3_600_000L, 60 * 3_600_000L);
                List<Double> firstDay = readings.stream().filter(r -> r.type() == ReadingType.SPO2
                        && r.tsMillis() >= ep.start() && r.tsMillis() < ep.start() + DAY).map(Reading::value).toList();
                if (!firstDay.isEmpty()) {
                    assertThat(mean(firstDay)).isGreaterThan(mean(spo2));
                }
            }
        }
        assertThat(seen).as("exacerbations with readings at their worst").isGreaterThanOrEqualTo(20);
    }

    @Test
    void hyposAndHypersHappenAndLookLikeThem() {
        int hypos = 0;
        int hypers = 0;
        int ketonesInHyper = 0;
        for (var e : byPatient.entrySet()) {
            Patient patient = e.getKey();
            if (!patient.has(Condition.DIABETES)) {
                continue;
            }
            var calendar = models.get(patient).calendar();
            List<Episode> hypoEpisodes = calendar.between(EpisodeKind.HYPO, START, END);
            List<Episode> hyperEpisodes = calendar.between(EpisodeKind.HYPER, START, END);
            for (Reading r : e.getValue()) {
                if (r.type() != ReadingType.GLUCOSE && r.type() != ReadingType.KETONES) {
                    continue;
                }
                Episode hypo = find(hypoEpisodes, r.tsMillis());
                Episode hyper = find(hyperEpisodes, r.tsMillis());
                if (r.type() == ReadingType.GLUCOSE && hypo != null && hypo.atPeak(r.tsMillis())) {
                    hypos++;
                    if (r.limit() == RangeLimit.NONE) {
                        assertThat(r.value()).isBetween(2.2, 3.5);
                    } else {
                        assertThat(r.limit()).isEqualTo(RangeLimit.LO);
                    }
                } else if (hyper != null && hyper.atPeak(r.tsMillis()) && hypo == null) {
                    if (r.type() == ReadingType.GLUCOSE) {
                        hypers++;
                        if (r.limit() == RangeLimit.NONE) {
                            assertThat(r.value()).isBetween(15.0, 22.0);
                        } else {
                            assertThat(r.limit()).isEqualTo(RangeLimit.HI);
                        }
                    } else {
                        ketonesInHyper++;
                        assertThat(r.value()).isBetween(0.6, 2.0);
                    }
                } else if (hypo == null && hyper == null && r.type() == ReadingType.GLUCOSE) {
                    // Outside a bad spell: no alarming lows, no hypers.
                    assertThat(r.value()).isBetween(4.0, 14.5);
                    assertThat(r.limit()).isEqualTo(RangeLimit.NONE);
                }
            }
        }
        assertThat(hypos).as("glucose readings during hypos").isGreaterThanOrEqualTo(40);
        assertThat(hypers).as("glucose readings during hypers").isGreaterThanOrEqualTo(20);
        assertThat(ketonesInHyper).as("ketone readings during hypers").isGreaterThanOrEqualTo(10);
    }

    @Test
    void pulseIsLowerAtNightAndGlucoseRisesAfterMeals() {
        var population = TestFleets.population(200, 8);
        LocalClock clock = new LocalClock(TestFleets.ZONE);
        SplittableRandom noise = new SplittableRandom(1);
        LocalDate day = LocalDate.of(2026, 11, 20);
        long night = day.atTime(LocalTime.of(3, 30)).atZone(TestFleets.ZONE).toInstant().toEpochMilli();
        long afternoon = day.atTime(LocalTime.of(15, 30)).atZone(TestFleets.ZONE).toInstant().toEpochMilli();
        long beforeBreakfast = day.atTime(LocalTime.of(7, 0)).atZone(TestFleets.ZONE).toInstant().toEpochMilli();
        long afterBreakfast = day.atTime(LocalTime.of(8, 30)).atZone(TestFleets.ZONE).toInstant().toEpochMilli();
        double nightPulse = 0;
        double dayPulse = 0;
        double fasting = 0;
        double postMeal = 0;
        int copd = 0;
        int diabetes = 0;
        for (Patient p : population.patients()) {
            PatientModel model = new PatientModel(population.seed(), p, clock);
            for (Device d : p.devices()) {
                if (d.kind() == DeviceKind.OXIMETER) {
                    nightPulse += value(model, d, night, noise, ReadingType.PULSE);
                    dayPulse += value(model, d, afternoon, noise, ReadingType.PULSE);
                    copd++;
                } else if (d.kind() == DeviceKind.GLUCOMETER) {
                    fasting += value(model, d, beforeBreakfast, noise, ReadingType.GLUCOSE);
                    postMeal += value(model, d, afterBreakfast, noise, ReadingType.GLUCOSE);
                    diabetes++;
                }
            }
        }
        assertThat(dayPulse / copd - nightPulse / copd).isGreaterThan(5);
        assertThat(postMeal / diabetes - fasting / diabetes).isGreaterThan(1);
    }

    private static double value(PatientModel model, Device device, long t, SplittableRandom noise, ReadingType type) {
        List<Reading> out = new ArrayList<>();
        model.measure(device, t, noise, out);
        return out.stream().filter(r -> r.type() == type).findFirst().orElseThrow().value();
    }

    private static long count(List<Reading> readings, ReadingType type) {
        return readings.stream().filter(r -> r.type() == type).count();
    }

    private static List<Double> outside(List<Reading> readings, ReadingType type, List<Episode> episodes) {
        return readings.stream().filter(r -> r.type() == type && find(episodes, r.tsMillis()) == null)
                .map(Reading::value).toList();
    }

    private static List<Double> atPeak(List<Reading> readings, ReadingType type, Episode ep) {
        return readings.stream().filter(r -> r.type() == type && ep.atPeak(r.tsMillis())).map(Reading::value).toList();
    }

    private static Episode find(List<Episode> episodes, long t) {
        return episodes.stream().filter(e -> e.contains(t)).findFirst().orElse(null);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(x -> x).average().orElseThrow();
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(x -> x).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
