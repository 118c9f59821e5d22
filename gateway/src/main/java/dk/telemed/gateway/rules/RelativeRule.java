package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RelativeLimit;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Judges a reading against the patient's own recent level ({@link RelativeLimit}): a COPD
 * patient whose SpO2 falls from 96 % to 91 % stays inside the condition's bands, but has
 * fallen 5 points. The level is the limit's statistic (the median by default) of the
 * patient's readings in the window before the hour the reading was measured in: every reading
 * of one hour is judged against the same level, so it is worked out once per hour and series
 * (a sort of at most {@link #MOST_READINGS}), not at every reading, and any gateway reading
 * the same stored series reaches the same verdict.
 *
 * <p>Used from one event-loop context only.
 */
final class RelativeRule {
    static final String FAMILY = "relative";
    /** At most this many of the newest readings in the window make the level: ample for a 14-day median. */
    static final int MOST_READINGS = 256;
    private static final List<Severity> WORST_FIRST = List.of(Severity.RED, Severity.YELLOW);

    private final PatientSeries<Level> levels = new PatientSeries<>();
    private final double[] scratch = new double[MOST_READINGS];

    /** The level of one series for readings measured in the hour starting at {@code hour}. */
    private record Level(Instant hour, RelativeLimit limit, int readings, double value) {
    }

    /**
     * @param history the patient's readings of the type
     * @param at      the index in {@code history} of the reading judged
     */
    Optional<Verdict> judge(Patient patient, MeasurementType type, RelativeLimit limit, Series history, int at) {
        Instant ts = history.time(at);
        double value = history.value(at);
        Level level = level(patient.id(), type, limit, history, ts.truncatedTo(ChronoUnit.HOURS));
        if (level.readings() < limit.minReadings()) {
            return Optional.empty();
        }
        double distance = limit.distance(value, level.value());
        Supplier<String> what = () -> Wording.name(type) + " " + Wording.quantity(value, type) + " is "
                + limit.side().wireName() + " " + Wording.quantity(level.value(), type) + ", the patient's own level ("
                + limit.statistic().words() + " of the last " + Wording.period(limit.window()) + "), by "
                + Wording.number(Math.abs(distance)) + " " + points(type);
        for (Severity s : WORST_FIRST) {
            OptionalDouble points = limit.points(s);
            if (points.isPresent() && distance >= points.getAsDouble()) {
                return Optional.of(new Verdict.Alarm(key(patient, type), patient.careTeam(), s,
                        type.wireName() + "." + s.wireName() + "." + FAMILY, OptionalDouble.of(value), type.canonicalUnit(),
                        OptionalDouble.of(level.value()), Optional.empty(), Optional.of(ts),
                        () -> what.get() + "; " + s.wireName() + " from " + Wording.number(points.getAsDouble()) + " " + points(type)
                                + " " + limit.side().wireName()));
            }
        }
        double leastSevere = limit.yellowPoints().orElse(limit.redPoints().orElseThrow());
        return distance < leastSevere - limit.resolveMargin()
                ? Optional.of(new Verdict.Clear(key(patient, type), OptionalDouble.of(value), Optional.of(ts), () -> what.get() + ": back near it"))
                : Optional.empty();
    }

    /**
     * A relative alarm the bands already raise on the same side at the same or a worse
     * severity (an SpO2 of 84 % is red on the COPD bands): one reading, one alert for the nurse.
     * Relative limits are for the falls the bands miss.
     */
    static boolean toldByBands(Verdict relative, RelativeLimit limit, List<Verdict> bandVerdicts) {
        if (!(relative instanceof Verdict.Alarm a)) {
            return false;
        }
        for (Verdict v : bandVerdicts) {
            if (v instanceof Verdict.Alarm band && band.key().family().equals(limit.side().wireName())
                    && !AlertLifecycle.moreSevere(a.severity(), band.severity())) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the levels of series no reading has asked about for a while, with the series cache. */
    void evictBefore(Instant hour) {
        levels.removeIf(l -> l.hour().isBefore(hour));
    }

    private Level level(String patient, MeasurementType type, RelativeLimit limit, Series history, Instant hour) {
        Level cached = levels.get(patient, type);
        if (cached != null && cached.hour().equals(hour) && cached.limit().equals(limit)) {
            return cached;
        }
        int from = history.countBefore(hour.minus(limit.window()));
        int n = 0;
        for (int i = history.countBefore(hour) - 1; i >= from && n < MOST_READINGS; i--) {
            scratch[n++] = history.value(i);
        }
        Level level = new Level(hour, limit, n, n == 0 ? Double.NaN : limit.statistic().of(scratch, n));
        if (cached == null || !hour.isBefore(cached.hour())) {
            levels.put(patient, type, level);
        } else {
            // A late reading, now in the window of the level kept for a later hour: that one is worked out again.
            levels.put(patient, type, null);
        }
        return level;
    }

    private static String points(MeasurementType type) {
        return Wording.unit(type).equals("%") ? "points" : Wording.unit(type);
    }

    static AlertKey key(Patient patient, MeasurementType type) {
        return AlertKey.of(patient.id(), type.wireName(), FAMILY);
    }
}
