package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Judges one type's red and yellow bands, each direction on its own, as of the newest reading
 * in the history: an alarm once the readings confirm a severity ({@link BandTiming}), a clear
 * verdict once they are back inside the least severe limit by the margin, and nothing in
 * between, so an open alert neither resolves nor re-raises while a value hovers on the edge.
 */
final class BandRule {
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final String[] FAMILY = Arrays.stream(DIRECTIONS).map(Direction::wireName).toArray(String[]::new);
    /** Every rule name a band alarm can have, e.g. {@code spo2.red.below}, by type, severity and direction. */
    private static final String[][][] RULE = ruleNames();

    private BandRule() {
    }

    private static String[][][] ruleNames() {
        MeasurementType[] types = MeasurementType.values();
        Severity[] severities = Severity.values();
        String[][][] names = new String[types.length][severities.length][DIRECTIONS.length];
        for (MeasurementType t : types) {
            for (Severity s : severities) {
                for (Direction d : DIRECTIONS) {
                    names[t.ordinal()][s.ordinal()][d.ordinal()] = t.wireName() + "." + s.wireName() + "." + FAMILY[d.ordinal()];
                }
            }
        }
        return names;
    }

    /**
     * @param history the patient's readings of {@code type}
     * @param at      the index in {@code history} of the reading judged: it and the readings before it decide
     */
    static List<Verdict> judge(Patient patient, MeasurementType type, Bands bands, BandTiming timing, Series history, int at) {
        List<Verdict> verdicts = new ArrayList<>(2);
        // Only the newest few readings decide, as many as the longest confirmation asks for.
        int needed = Math.max(timing.resolveReadings(), Math.max(timing.red().readings(), timing.yellow().readings()));
        List<Map.Entry<Instant, Double>> newestFirst = new ArrayList<>(needed);
        for (int i = at; i >= 0 && newestFirst.size() < needed; i--) {
            newestFirst.add(Map.entry(history.time(i), history.value(i)));
        }
        for (Direction d : DIRECTIONS) {
            Verdict v = judge(patient, type, bands, timing, d, newestFirst);
            if (v != null) {
                verdicts.add(v);
            }
        }
        return verdicts;
    }

    /** The verdict for one direction, or null when the readings neither confirm an alarm nor clear one. */
    private static Verdict judge(Patient patient, MeasurementType type, Bands bands, BandTiming timing,
                                 Direction d, List<Map.Entry<Instant, Double>> newestFirst) {
        Map.Entry<Instant, Double> newest = newestFirst.get(0);
        OptionalDouble red = d.limit(bands.red());
        OptionalDouble yellow = d.limit(bands.yellow());
        BandTiming.Confirm confirmRed = timing.red().on(d);
        BandTiming.Confirm confirmYellow = timing.yellow().on(d);
        if (red.isPresent() && confirmedAtLeast(newestFirst, confirmRed, Severity.RED, d, red, yellow)) {
            return alarm(patient, type, bands, d, Severity.RED, red.getAsDouble(), newest, confirmRed.readings());
        }
        if (yellow.isPresent() && confirmedAtLeast(newestFirst, confirmYellow, Severity.YELLOW, d, red, yellow)) {
            return alarm(patient, type, bands, d, Severity.YELLOW, yellow.getAsDouble(), newest, confirmYellow.readings());
        }
        OptionalDouble leastSevere = yellow.isPresent() ? yellow : red;
        double value = newest.getValue();
        if (leastSevere.isEmpty()) {
            return new Verdict.Clear(key(patient, type, d), OptionalDouble.of(value), Optional.of(newest.getKey()),
                    () -> Wording.name(type) + " has no " + (d == Direction.BELOW ? "lower" : "upper") + " limit in force any more");
        }
        double limit = leastSevere.getAsDouble();
        if (clear(newestFirst, timing.resolveReadings(), d, limit, timing.resolveMargin())) {
            return new Verdict.Clear(key(patient, type, d), OptionalDouble.of(value), Optional.of(newest.getKey()),
                    () -> Wording.name(type) + " " + Wording.quantity(value, type) + " is back in range");
        }
        return null;
    }

    /** The newest {@code confirm.readings()} readings are all at {@code wanted} or worse, and lie within {@code confirm.within()}. */
    private static boolean confirmedAtLeast(List<Map.Entry<Instant, Double>> newestFirst, BandTiming.Confirm confirm,
                                            Severity wanted, Direction d, OptionalDouble red, OptionalDouble yellow) {
        int n = confirm.readings();
        if (newestFirst.size() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            double v = newestFirst.get(i).getValue();
            boolean redBeyond = red.isPresent() && d.beyond(v, red.getAsDouble());
            // Red is at least any severity; yellow is at least yellow but not red.
            boolean atLeast = redBeyond || (wanted != Severity.RED && yellow.isPresent() && d.beyond(v, yellow.getAsDouble()));
            if (!atLeast) {
                return false;
            }
        }
        return withinSpan(newestFirst, n, confirm.within());
    }

    /** The newest {@code readings} readings are all back inside {@code limit} by {@code margin}; no time limit applies. */
    private static boolean clear(List<Map.Entry<Instant, Double>> newestFirst, int readings, Direction d, double limit,
                                 double margin) {
        if (newestFirst.size() < readings) {
            return false;
        }
        for (int i = 0; i < readings; i++) {
            if (!d.clearOf(newestFirst.get(i).getValue(), limit, margin)) {
                return false;
            }
        }
        return true;
    }

    private static boolean withinSpan(List<Map.Entry<Instant, Double>> newestFirst, int readings, Optional<Duration> within) {
        if (within.isEmpty()) {
            return true;
        }
        Duration span = Duration.between(newestFirst.get(readings - 1).getKey(), newestFirst.get(0).getKey());
        return span.compareTo(within.get()) <= 0;
    }

    static Optional<Severity> severity(double value, Direction d, OptionalDouble red, OptionalDouble yellow) {
        if (red.isPresent() && d.beyond(value, red.getAsDouble())) {
            return Optional.of(Severity.RED);
        }
        if (yellow.isPresent() && d.beyond(value, yellow.getAsDouble())) {
            return Optional.of(Severity.YELLOW);
        }
        return Optional.empty();
    }

    /** {@link AlertKey#band} without lower-casing the direction's name for every reading. */
    private static AlertKey key(Patient patient, MeasurementType type, Direction d) {
        return AlertKey.of(patient.id(), type.wireName(), FAMILY[d.ordinal()]);
    }

    private static Verdict.Alarm alarm(Patient patient, MeasurementType type, Bands bands, Direction d, Severity s,
                                       double limit, Map.Entry<Instant, Double> newest, int readings) {
        double value = newest.getValue();
        return new Verdict.Alarm(key(patient, type, d), patient.careTeam(), s,
                RULE[type.ordinal()][s.ordinal()][d.ordinal()], OptionalDouble.of(value),
                type.canonicalUnit(), OptionalDouble.of(limit), Optional.of(bands), Optional.of(newest.getKey()),
                () -> Wording.name(type) + " " + Wording.quantity(value, type) + " is " + d.wireName() + " "
                        + Wording.quantity(limit, type) + (readings > 1 ? " (" + readings + " readings in a row)" : ""));
    }

    /**
     * A device's LO or HI: beyond what it can measure, so beyond every limit on that side; a
     * red alarm at once when the type has a limit on that side (a ketone meter's LO is good news).
     */
    static Optional<Verdict> deviceLimit(Patient patient, DeviceLimit l, Bands bands) {
        Direction d = l.side() == DeviceLimit.Side.LO ? Direction.BELOW : Direction.ABOVE;
        OptionalDouble limit = d.limit(bands.red()).isPresent() ? d.limit(bands.red()) : d.limit(bands.yellow());
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        String side = l.side() == DeviceLimit.Side.LO ? "lo" : "hi";
        String message = Wording.name(l.type()) + " is " + d.wireName() + " what device " + l.deviceId()
                + " can measure (" + l.side() + "), so " + d.wireName() + " " + Wording.quantity(limit.getAsDouble(), l.type());
        return Optional.of(new Verdict.Alarm(AlertKey.band(patient.id(), l.type(), d), patient.careTeam(), Severity.RED,
                l.type().wireName() + ".red.device_" + side, OptionalDouble.empty(), l.type().canonicalUnit(), limit,
                Optional.of(bands), Optional.of(l.ts()), message));
    }
}
