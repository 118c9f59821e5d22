package dk.telemed.sim.symptoms;

import dk.telemed.sim.physiology.Episode;
import dk.telemed.sim.physiology.EpisodeKind;
import dk.telemed.sim.physiology.LocalClock;
import dk.telemed.sim.physiology.PatientModel;
import dk.telemed.sim.physiology.Reading;
import dk.telemed.sim.physiology.ReadingType;
import dk.telemed.sim.population.Condition;
import dk.telemed.sim.population.Device;
import dk.telemed.sim.population.DeviceKind;
import dk.telemed.sim.population.Patient;
import dk.telemed.sim.population.Population;
import dk.telemed.sim.population.PopulationGenerator;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated patients answer on plan: symptoms one to two days ahead of each exacerbation,
 * some days skipped, and the demo's population shows symptoms and a low saturation together.
 */
class SymptomDiaryTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    static final long SEED = 1;
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
    static final int DAYS = 365;

    final Population population = new PopulationGenerator(SEED).generate(40, List.of("nord-akut", "syd-hjemmepleje"));
    final SymptomDiary diary = new SymptomDiary(SEED, ZONE);
    final LocalClock clock = new LocalClock(ZONE);

    List<DiaryEntry> year(Patient p, PatientModel m) {
        List<DiaryEntry> all = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            all.addAll(diary.on(p, m.calendar(), FIRST.plusDays(d)));
        }
        return all;
    }

    static boolean yellowOrWorse(DiaryEntry e) {
        return Boolean.TRUE.equals(e.answers().get("breathless")) && Boolean.TRUE.equals(e.answers().get("sputum_more"));
    }

    @Test
    void symptomsComeOneToTwoDaysBeforeEachExacerbationAndNotOtherwise() {
        int episodes = 0;
        for (Patient p : population.patients()) {
            if (!p.has(Condition.COPD)) {
                continue;
            }
            PatientModel m = new PatientModel(SEED, p, clock);
            List<DiaryEntry> daily = year(p, m).stream().filter(e -> e.questionnaire().equals("copd-daily")).toList();
            long from = FIRST.atStartOfDay(ZONE).toInstant().toEpochMilli();
            List<Episode> exacerbations = m.calendar().between(EpisodeKind.EXACERBATION, from + 3 * DAY, from + (DAYS - 3) * DAY);
            for (Episode e : exacerbations) {
                episodes++;
                long lead = diary.lead(p, e);
                assertThat(lead).isBetween(DAY, 2 * DAY);
                // Every answer from the lead on, before the episode starts, already tells of it.
                assertThat(daily).filteredOn(a -> a.answeredAt() >= e.start() - lead && a.answeredAt() < e.start())
                        .allMatch(SymptomDiaryTest::yellowOrWorse);
            }
            // Away from any exacerbation (more than two days before one, or after it), the answers are calm.
            List<Episode> any = m.calendar().between(EpisodeKind.EXACERBATION, from - 3 * DAY, from + (DAYS + 3) * DAY);
            assertThat(daily).filteredOn(a -> any.stream().noneMatch(e -> a.answeredAt() >= e.start() - 2 * DAY && a.answeredAt() < e.end()))
                    .isNotEmpty().noneMatch(SymptomDiaryTest::yellowOrWorse);
        }
        assertThat(episodes).as("exacerbations in the year").isGreaterThan(20);
    }

    @Test
    void someDaysAreSkippedAndTheCatIsWeekly() {
        Patient p = population.patients().stream().filter(x -> x.has(Condition.COPD)).findFirst().orElseThrow();
        List<DiaryEntry> all = year(p, new PatientModel(SEED, p, clock));
        long daily = all.stream().filter(e -> e.questionnaire().equals("copd-daily")).count();
        long cat = all.stream().filter(e -> e.questionnaire().equals("copd-cat")).count();
        assertThat(daily).isBetween((long) (DAYS * 0.8), (long) (DAYS * 0.97));
        assertThat(cat).isBetween(40L, 52L);
        assertThat(all.stream().filter(e -> e.questionnaire().equals("copd-cat")))
                .allSatisfy(e -> assertThat(e.answers().values().stream().mapToInt(v -> (Integer) v).sum()).isBetween(0, 40));
    }

    /**
     * The demo sends 14 days of history: in every such window of the year, some patient
     * answers with yellow symptoms while the saturation its oximeter would read within the day
     * is below 90 % (COPD yellow), so the gateway raises "symptoms and saturation together".
     */
    @Test
    void everyFortnightOfTheDemoHasSymptomsAndALowSaturationTogether() {
        List<long[]> together = new ArrayList<>();
        for (Patient p : population.patients()) {
            if (!p.has(Condition.COPD)) {
                continue;
            }
            PatientModel m = new PatientModel(SEED, p, clock);
            Device oximeter = p.devices().stream().filter(d -> d.kind() == DeviceKind.OXIMETER).findFirst().orElseThrow();
            for (DiaryEntry a : year(p, m)) {
                if (!a.questionnaire().equals("copd-daily") || !yellowOrWorse(a)) {
                    continue;
                }
                for (long t = a.answeredAt(); t < a.answeredAt() + DAY; t += HOUR) {
                    List<Reading> out = new ArrayList<>();
                    m.measure(oximeter, t, new SplittableRandom(t), out);
                    if (out.stream().anyMatch(r -> r.type() == ReadingType.SPO2 && r.value() < 90)) {
                        together.add(new long[]{a.answeredAt()});
                        break;
                    }
                }
            }
        }
        long from = FIRST.atStartOfDay(ZONE).toInstant().toEpochMilli();
        for (int start = 0; start + 14 <= DAYS; start += 7) {
            long windowStart = from + start * DAY;
            long windowEnd = windowStart + 14 * DAY;
            assertThat(together).as("days %d to %d", start, start + 14).anyMatch(x -> x[0] >= windowStart && x[0] < windowEnd);
        }
    }
}
