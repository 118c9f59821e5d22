package dk.telemed.sim.traffic;

import dk.telemed.sim.physiology.Episode;
import dk.telemed.sim.physiology.EpisodeCalendar;
import dk.telemed.sim.physiology.EpisodeKind;
import dk.telemed.sim.population.Condition;
import dk.telemed.sim.population.Seeds;
import dk.telemed.sim.population.Stream;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * When a patient measures in ordinary life, following a typical Danish telemedicine plan:
 * COPD: SpO2 and pulse morning and evening, spirometry every morning, weight three times a week;
 * diabetes: glucose before meals and at bedtime, weight weekly, blood pressure twice a week.
 * Patients also measure when they feel unwell, so bad spells add sessions.
 */
public final class NaturalSchedule {

    private static final long MINUTE = 60_000L;
    private static final long DAY = 24 * 60 * MINUTE;
    /** Share of planned measurements the patient forgets, so the gateway's "missing" rule has work. */
    private static final double FORGET = 0.03;

    private static final int[] OXIMETER = {hm(8, 0), hm(19, 0)};
    private static final int[] SPIROMETER = {hm(8, 15)};
    private static final int[] GLUCOMETER = {hm(7, 15), hm(11, 45), hm(17, 45), hm(21, 45)};
    private static final int[] BP_CUFF = {hm(8, 0)};
    private static final int[] SCALE = {hm(7, 10)};
    private static final Set<DayOfWeek> BP_DAYS = EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.SATURDAY);
    private static final Set<DayOfWeek> COPD_SCALE_DAYS =
            EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY);
    private static final Set<DayOfWeek> DIABETES_SCALE_DAYS = EnumSet.of(DayOfWeek.MONDAY);

    private final long seed;
    private final ZoneId zone;

    public NaturalSchedule(long seed, ZoneId zone) {
        this.seed = seed;
        this.zone = zone;
    }

    /** Session times of the device on a local calendar day, strictly increasing, epoch ms. */
    public List<Long> sessionsOn(DeviceState state, LocalDate day) {
        var device = state.device();
        var patient = state.model().patient();
        SplittableRandom r = Seeds.random(seed, Stream.SCHEDULE.ordinal(), device.patientIndex(),
                device.kind().ordinal(), day.toEpochDay());
        long midnight = day.atStartOfDay(zone).toInstant().toEpochMilli();
        DayOfWeek weekday = day.getDayOfWeek();
        int[] plan = switch (device.kind()) {
            case OXIMETER -> OXIMETER;
            case SPIROMETER -> SPIROMETER;
            case GLUCOMETER -> GLUCOMETER;
            case BP_CUFF -> BP_DAYS.contains(weekday) ? BP_CUFF : new int[0];
            case SCALE -> (patient.has(Condition.COPD) ? COPD_SCALE_DAYS : DIABETES_SCALE_DAYS).contains(weekday)
                    ? SCALE : new int[0];
        };
        List<Long> times = new ArrayList<>();
        for (int minuteOfDay : plan) {
            if (r.nextDouble() < FORGET) {
                continue;
            }
            times.add(localTime(day, minuteOfDay) + jitter(r));
        }
        EpisodeCalendar calendar = state.model().calendar();
        switch (device.kind()) {
            case GLUCOMETER -> {
                // A hypo is felt within minutes; high glucose by the next hour or two.
                for (Episode e : calendar.between(EpisodeKind.HYPO, midnight, midnight + DAY)) {
                    if (e.peakStart() >= midnight && e.peakStart() < midnight + DAY) {
                        times.add(e.peakStart() + Math.min(2 * MINUTE + r.nextLong(13 * MINUTE),
                                (e.peakEnd() - e.peakStart()) / 2));
                    }
                }
                for (Episode e : calendar.between(EpisodeKind.HYPER, midnight, midnight + DAY)) {
                    if (e.peakStart() >= midnight && e.peakStart() < midnight + DAY) {
                        times.add(e.peakStart() + 30 * MINUTE + r.nextLong(90 * MINUTE));
                    }
                }
            }
            case OXIMETER -> {
                // Short of breath: an extra check in the afternoon.
                long afternoon = localTime(day, hm(14, 0));
                Episode e = calendar.active(EpisodeKind.EXACERBATION, afternoon);
                if (e != null && e.intensity(afternoon) > 0.3) {
                    times.add(afternoon + jitter(r));
                }
            }
            default -> {
            }
        }
        return strictlyIncreasingSeconds(times);
    }

    /** Local wall-clock time on that day; java.time resolves the DST gap and overlap. */
    private long localTime(LocalDate day, int minuteOfDay) {
        return day.atTime(minuteOfDay / 60, minuteOfDay % 60).atZone(zone).toInstant().toEpochMilli();
    }

    /** People measure around, not at, the planned time: ±15 min typical, at most ±45 min. */
    private static long jitter(SplittableRandom r) {
        double minutes = Math.max(-45, Math.min(45, 15 * r.nextGaussian()));
        return Math.round(minutes * 60) * 1000L;
    }

    private static List<Long> strictlyIncreasingSeconds(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times.size());
        for (long t : times) {
            sorted.add(Math.floorDiv(t, 1000L) * 1000L);
        }
        Collections.sort(sorted);
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i) <= sorted.get(i - 1)) {
                sorted.set(i, sorted.get(i - 1) + MINUTE);
            }
        }
        return sorted;
    }

    private static int hm(int hour, int minute) {
        return hour * 60 + minute;
    }
}
