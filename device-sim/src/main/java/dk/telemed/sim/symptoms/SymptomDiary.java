package dk.telemed.sim.symptoms;

import dk.telemed.sim.physiology.Episode;
import dk.telemed.sim.physiology.EpisodeCalendar;
import dk.telemed.sim.physiology.EpisodeKind;
import dk.telemed.sim.population.Condition;
import dk.telemed.sim.population.Patient;
import dk.telemed.sim.population.Seeds;
import dk.telemed.sim.population.Stream;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a simulated patient answers on a day, following the gateway's shipped questionnaires:
 * the COPD daily questions every morning and the CAT on Mondays, the diabetes questions every
 * evening. Worsening symptoms come one to two days before an exacerbation shows in the
 * readings (more breathless, more sputum: yellow), purulent sputum at its worst (red for a
 * severe one); a hypo of the day before is reported, a severe one as needing help. Some days
 * are skipped. A pure function of (seed, patient, day), as the readings are.
 */
public final class SymptomDiary {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Share of days a patient does not answer, so the gateway's missing-answer rule has work. */
    static final double SKIP = 0.1;
    static final long LEAD_MIN = DAY;
    static final long LEAD_MAX = 2 * DAY;
    private static final String[] CAT_ITEMS = {"cat_cough", "cat_phlegm", "cat_chest", "cat_breathless", "cat_activities",
            "cat_confidence", "cat_sleep", "cat_energy"};

    private final long seed;
    private final ZoneId zone;

    public SymptomDiary(long seed, ZoneId zone) {
        this.seed = seed;
        this.zone = zone;
    }

    public List<DiaryEntry> on(Patient p, EpisodeCalendar calendar, LocalDate day) {
        SplittableRandom r = Seeds.random(seed, Stream.DIARY.ordinal(), p.index(), day.toEpochDay());
        long midnight = day.atStartOfDay(zone).toInstant().toEpochMilli();
        List<DiaryEntry> entries = new ArrayList<>();
        if (p.has(Condition.COPD)) {
            long morning = midnight + 9 * HOUR + 30 * MINUTE + r.nextLong(40 * MINUTE);
            if (r.nextDouble() >= SKIP) {
                entries.add(new DiaryEntry(morning, p.index(), "copd-daily", daily(p, calendar, morning, r)));
            }
            if (day.getDayOfWeek() == DayOfWeek.MONDAY && r.nextDouble() >= SKIP) {
                long later = morning + 5 * MINUTE;
                entries.add(new DiaryEntry(later, p.index(), "copd-cat", cat(p, calendar, later)));
            }
        }
        if (p.has(Condition.DIABETES) && r.nextDouble() >= SKIP) {
            long evening = midnight + 21 * HOUR + r.nextLong(45 * MINUTE);
            entries.add(new DiaryEntry(evening, p.index(), "diabetes-daily", diabetes(calendar, evening)));
        }
        return entries;
    }

    /** The exacerbation whose symptoms are felt at {@code t}: from one to two days before it starts until it ends. */
    Episode felt(Patient p, EpisodeCalendar calendar, long t) {
        for (Episode e : calendar.between(EpisodeKind.EXACERBATION, t, t + LEAD_MAX + 1)) {
            if (t >= e.start() - lead(p, e) && t < e.end()) {
                return e;
            }
        }
        return null;
    }

    long lead(Patient p, Episode e) {
        return LEAD_MIN + Seeds.random(seed, Stream.DIARY.ordinal(), p.index(), e.start()).nextLong(LEAD_MAX - LEAD_MIN + 1);
    }

    private Map<String, Object> daily(Patient p, EpisodeCalendar calendar, long t, SplittableRandom r) {
        Episode e = felt(p, calendar, t);
        boolean coughDay = r.nextDouble() < 0.15;
        Map<String, Object> a = new LinkedHashMap<>();
        if (e == null) {
            a.put("breathless", false);
            a.put("cough", coughDay);
            a.put("sputum_more", false);
            a.put("sputum_colour", r.nextDouble() < 0.5 ? "clear" : "white");
        } else if (t < e.peakEnd()) {
            boolean purulent = t >= e.peakStart() - DAY && e.severity() > 0.4;
            a.put("breathless", true);
            a.put("cough", true);
            a.put("sputum_more", true);
            a.put("sputum_colour", purulent ? (e.severity() > 0.7 ? "green" : "yellow") : "white");
            a.put("fever", purulent && e.severity() > 0.8);
        } else {
            // Recovering: still a little breathless, the sputum back to normal.
            a.put("breathless", true);
            a.put("cough", coughDay);
            a.put("sputum_more", false);
            a.put("sputum_colour", "white");
        }
        return a;
    }

    private Map<String, Object> cat(Patient p, EpisodeCalendar calendar, long t) {
        int total = 8 + p.index() % 9;
        Episode e = felt(p, calendar, t);
        if (e != null) {
            total += 3 + (int) Math.round(6 * e.severity());
        }
        Map<String, Object> a = new LinkedHashMap<>();
        for (int i = 0; i < CAT_ITEMS.length; i++) {
            // Spread the total over the eight items, 0-5 each.
            int share = Math.min(5, total / (CAT_ITEMS.length - i) + (total % (CAT_ITEMS.length - i) > 0 ? 1 : 0));
            a.put(CAT_ITEMS[i], share);
            total -= share;
        }
        return a;
    }

    private static Map<String, Object> diabetes(EpisodeCalendar calendar, long t) {
        String hypo = "none";
        for (Episode e : calendar.between(EpisodeKind.HYPO, t - DAY, t)) {
            hypo = e.severity() > 0.85 ? "severe" : hypo.equals("severe") ? hypo : "mild";
        }
        boolean sick = !calendar.between(EpisodeKind.HYPER, t - 12 * HOUR, t).isEmpty();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("hypo", hypo);
        a.put("sick_day", sick);
        return a;
    }
}
