package dk.telemed.sim.physiology;

import dk.telemed.sim.population.Baseline;
import dk.telemed.sim.population.Device;
import dk.telemed.sim.population.Patient;
import dk.telemed.sim.population.Profile;
import dk.telemed.sim.population.Seeds;
import dk.telemed.sim.population.Stream;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What a patient's devices measure at a given moment: the personal baseline, moved by the daily
 * rhythm and any ongoing bad spell, plus measurement noise. Values come out unrounded in the
 * canonical unit; the payload rounds them the way the device displays them.
 */
public final class PatientModel {

    private static final double DAY_MS = 86_400_000.0;
    private static final double DRIFT_CYCLE_DAYS = 12;
    private static final double DRIFT_DAYS = 4;
    /** Episodes this severe go past the glucometer's range, so it shows LO or HI (rare by design). */
    private static final double OFF_SCALE_SEVERITY = 0.97;
    private static final double[] MEAL_HOURS = {7.5, 12.5, 18.5};

    private final long seed;
    private final Patient patient;
    private final Baseline b;
    private final EpisodeCalendar calendar;
    private final LocalClock clock;
    private long glucoseDay = Long.MIN_VALUE;
    private double glucoseDayOffset;

    public PatientModel(long seed, Patient patient, LocalClock clock) {
        this.seed = seed;
        this.patient = patient;
        this.b = patient.baseline();
        this.calendar = new EpisodeCalendar(seed, patient);
        this.clock = clock;
    }

    public Patient patient() {
        return patient;
    }

    public EpisodeCalendar calendar() {
        return calendar;
    }

    /** Appends what one measurement session of {@code device} at {@code t} yields. */
    public void measure(Device device, long t, SplittableRandom noise, List<Reading> out) {
        double hour = clock.hourOfDay(t);
        switch (device.kind()) {
            case OXIMETER -> {
                out.add(Reading.of(ReadingType.SPO2, t, spo2(t, hour, noise)));
                out.add(Reading.of(ReadingType.PULSE, t, pulse(t, hour, noise)));
                if (device.reportsRespRate()) {
                    out.add(Reading.of(ReadingType.RESP_RATE, t, respRate(t, hour, noise)));
                }
            }
            case SPIROMETER -> spirometry(t, hour, noise, out);
            case GLUCOMETER -> glucose(t, hour, noise, out);
            case BP_CUFF -> bloodPressure(t, hour, noise, out);
            case SCALE -> out.add(Reading.of(ReadingType.WEIGHT, t, weight(t, hour, noise)));
        }
    }

    private double spo2(long t, double hour, SplittableRandom noise) {
        double v = clamp(b.spo2() + 0.6 * circadian(hour, 15) + 0.7 * noise.nextGaussian(), b.spo2() - 3, 99.4);
        if (patient.profile() == Profile.DRIFTING_SPO2) {
            v = clamp(v - drift(t), 90.5, 100);
        }
        Episode e = calendar.active(EpisodeKind.EXACERBATION, t);
        if (e != null) {
            // Falls to the high 80s (the low-to-mid 80s in a severe one), always at least 3 points.
            double nadir = Math.min(88.5 - 5 * e.severity(), b.spo2() - 3);
            v -= (b.spo2() - nadir) * e.intensity(t);
        }
        return clamp(v, 70, 100);
    }

    /**
     * Every 12 days, 4 days of a slow fall to 5.5 points below the baseline, then back: a fall
     * inside the COPD bands that only a limit relative to the patient's own level sees.
     */
    private static double drift(long t) {
        double day = Math.floorMod(t, (long) (DRIFT_CYCLE_DAYS * DAY_MS)) / DAY_MS;
        double start = DRIFT_CYCLE_DAYS - DRIFT_DAYS;
        return day < start ? 0 : 5.5 * (day - start) / DRIFT_DAYS;
    }

    private double pulse(long t, double hour, SplittableRandom noise) {
        double v = b.pulse() + 5 * circadian(hour, 16) + 3 * noise.nextGaussian();
        Episode e = calendar.active(EpisodeKind.EXACERBATION, t);
        if (e != null) {
            v += (10 + 12 * e.severity()) * e.intensity(t);
        }
        Episode hypo = calendar.active(EpisodeKind.HYPO, t);
        if (hypo != null) {
            v += 15 * hypo.intensity(t); // adrenaline response
        }
        return clamp(v, 40, 180);
    }

    private double respRate(long t, double hour, SplittableRandom noise) {
        double v = b.respRate() + circadian(hour, 15) + noise.nextGaussian();
        Episode e = calendar.active(EpisodeKind.EXACERBATION, t);
        if (e != null) {
            v += (4 + 5 * e.severity()) * e.intensity(t);
        }
        return clamp(v, 8, 45);
    }

    private void spirometry(long t, double hour, SplittableRandom noise, List<Reading> out) {
        // Airway calibre is lowest in the early morning and best in the afternoon.
        double fev1 = b.fev1() * (1 + 0.04 * circadian(hour, 14)) * (1 + 0.03 * noise.nextGaussian());
        Episode e = calendar.active(EpisodeKind.EXACERBATION, t);
        if (e != null) {
            fev1 *= 1 - (0.20 + 0.20 * e.severity()) * e.intensity(t);
        }
        fev1 = clamp(fev1, 0.3, 6);
        double fvc = Math.max(fev1 / b.fev1FvcRatio() * (1 + 0.02 * noise.nextGaussian()), fev1 + 0.1);
        double pef = clamp(fev1 * b.pefPerLitreFev1() * (1 + 0.04 * noise.nextGaussian()), 40, 900);
        out.add(Reading.of(ReadingType.FEV1, t, fev1));
        out.add(Reading.of(ReadingType.FVC, t, fvc));
        out.add(Reading.of(ReadingType.PEF, t, pef));
    }

    private void glucose(long t, double hour, SplittableRandom noise, List<Reading> out) {
        double g = b.glucoseMean() + dayOffset(t) + mealEffect(hour) + dawnEffect(hour)
                + 0.4 * b.glucoseSd() * noise.nextGaussian();
        g = clamp(g, 4.0, 14.5); // outside a bad spell the patient stays out of the alarming bands
        RangeLimit limit = RangeLimit.NONE;
        Episode hyper = calendar.active(EpisodeKind.HYPER, t);
        Episode hypo = calendar.active(EpisodeKind.HYPO, t);
        if (hypo != null) {
            double nadir = 3.5 - 1.3 * hypo.severity();
            g += (nadir - g) * hypo.intensity(t);
            if (hypo.atPeak(t)) {
                g = clamp(g * (1 + 0.03 * noise.nextGaussian()), 2.2, 3.5);
                if (hypo.severity() > OFF_SCALE_SEVERITY) {
                    limit = RangeLimit.LO;
                }
            }
        } else if (hyper != null) {
            double peak = 15 + 7 * hyper.severity();
            g += (peak - g) * hyper.intensity(t);
            if (hyper.atPeak(t)) {
                g = clamp(g * (1 + 0.03 * noise.nextGaussian()), 15, 22);
                if (hyper.severity() > OFF_SCALE_SEVERITY) {
                    limit = RangeLimit.HI;
                }
            }
        }
        g = clamp(g, 1.0, 30);
        out.add(new Reading(ReadingType.GLUCOSE, t, g, limit));
        // Meters prompt for a ketone test when glucose is high; most patients do it.
        if (g >= 14 && noise.nextDouble() < 0.75) {
            double ketones;
            if (hyper != null) {
                double peak = 0.6 + 1.4 * hyper.severity();
                ketones = 0.1 + (peak - 0.1) * hyper.intensity(t);
                if (hyper.atPeak(t)) {
                    ketones = clamp(ketones * (1 + 0.05 * noise.nextGaussian()), 0.6, 2.0);
                }
            } else {
                ketones = 0.1 + 0.3 * noise.nextDouble();
            }
            out.add(Reading.of(ReadingType.KETONES, t, ketones));
        }
    }

    private void bloodPressure(long t, double hour, SplittableRandom noise, List<Reading> out) {
        // Morning surge, nocturnal dip.
        double sys = clamp(b.bpSys() + 6 * circadian(hour, 10) + 6 * noise.nextGaussian(), 90, 200);
        double dia = clamp(b.bpDia() + 4 * circadian(hour, 10) + 4 * noise.nextGaussian(), 50, sys - 20);
        out.add(Reading.of(ReadingType.BP_SYS, t, sys));
        out.add(Reading.of(ReadingType.BP_DIA, t, dia));
        out.add(Reading.of(ReadingType.PULSE, t, pulse(t, hour, noise)));
    }

    private double weight(long t, double hour, SplittableRandom noise) {
        double days = t / DAY_MS;
        return b.weight() + 0.8 * Math.sin(2 * Math.PI * days / 30 + b.weightPhase())
                + 0.3 * circadian(hour, 19) + 0.15 * noise.nextGaussian();
    }

    /** Some days run higher than others; one offset per local day keeps a day's readings coherent. */
    private double dayOffset(long t) {
        long day = clock.localDay(t);
        if (day != glucoseDay) {
            glucoseDay = day;
            glucoseDayOffset = 0.8 * b.glucoseSd()
                    * Seeds.random(seed, Stream.DAY_OFFSET.ordinal(), patient.index(), day).nextGaussian();
        }
        return glucoseDayOffset;
    }

    /** Post-prandial rise peaking about an hour after each meal and gone after ~4 h. */
    private double mealEffect(double hour) {
        double sum = 0;
        for (double meal : MEAL_HOURS) {
            double x = hour - meal;
            if (x > 0 && x < 5) {
                sum += b.mealRise() * x * Math.exp(1 - x);
            }
        }
        return sum;
    }

    /** Early-morning hormones raise fasting glucose a little (dawn phenomenon). */
    private static double dawnEffect(double hour) {
        return hour >= 4 && hour < 9 ? 0.6 * Math.sin(Math.PI * (hour - 4) / 5) : 0;
    }

    /** A 24-hour cosine: +1 at {@code peakHour}, −1 twelve hours later. */
    private static double circadian(double hour, double peakHour) {
        return Math.cos(2 * Math.PI * (hour - peakHour) / 24);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
