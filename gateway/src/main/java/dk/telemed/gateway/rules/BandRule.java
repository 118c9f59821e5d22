package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;

/**
 * Judges one type's red and yellow bands, each direction on its own, as of the newest reading
 * in the history: an alarm once the readings confirm a severity ({@link BandTiming}), a clear
 * verdict once they are back inside the least severe limit by the margin, and nothing in
 * between, so an open alert neither resolves nor re-raises while a value hovers on the edge.
 */
final class BandRule {
    private static final List<Severity> WORST_FIRST = List.of(Severity.RED, Severity.YELLOW);

    private BandRule() {
    }

    /** @param history the patient's readings of {@code type} up to and including the one being judged */
    static List<Verdict> judge(Patient patient, MeasurementType type, Bands bands, BandTiming timing,
                               NavigableMap<Instant, Double> history) {
        List<Verdict> verdicts = new ArrayList<>(2);
        if (history.isEmpty()) {
            return verdicts;
        }
        // Only the newest few readings decide, as many as the longest confirmation asks for; copying the
        // whole history made each judgement cost as much as the series is long.
        int needed = Math.max(timing.resolveReadings(), Math.max(timing.red().readings(), timing.yellow().readings()));
        List<Map.Entry<Instant, Double>> newestFirst = history.descendingMap().entrySet().stream().limit(needed).toList();
        for (Direction d : Direction.values()) {
            judge(patient, type, bands, timing, d, newestFirst).ifPresent(verdicts::add);
        }
        return verdicts;
    }

    private static Optional<Verdict> judge(Patient patient, MeasurementType type, Bands bands, BandTiming timing,
                                           Direction d, List<Map.Entry<Instant, Double>> newestFirst) {
        AlertKey key = AlertKey.band(patient.id(), type, d);
        Map.Entry<Instant, Double> newest = newestFirst.get(0);
        OptionalDouble red = d.limit(bands.red());
        OptionalDouble yellow = d.limit(bands.yellow());
        for (Severity s : WORST_FIRST) {
            OptionalDouble limit = s == Severity.RED ? red : yellow;
            BandTiming.Confirm confirm = timing.confirm(s);
            if (limit.isPresent() && confirmed(newestFirst, confirm, v -> atLeast(severity(v, d, red, yellow), s))) {
                return Optional.of(alarm(patient, type, bands, d, s, limit.getAsDouble(), newest, confirm.readings()));
            }
        }
        OptionalDouble leastSevere = yellow.isPresent() ? yellow : red;
        if (leastSevere.isEmpty()) {
            return Optional.of(new Verdict.Clear(key, OptionalDouble.of(newest.getValue()), Optional.of(newest.getKey()),
                    Wording.name(type) + " has no " + (d == Direction.BELOW ? "lower" : "upper") + " limit in force any more"));
        }
        double limit = leastSevere.getAsDouble();
        if (confirmed(newestFirst, new BandTiming.Confirm(timing.resolveReadings(), Optional.empty()),
                v -> d.clearOf(v, limit, timing.resolveMargin()))) {
            return Optional.of(new Verdict.Clear(key, OptionalDouble.of(newest.getValue()), Optional.of(newest.getKey()),
                    Wording.name(type) + " " + Wording.quantity(newest.getValue(), type) + " is back in range"));
        }
        return Optional.empty();
    }

    /** The newest {@code confirm.readings()} readings all pass, and lie within {@code confirm.within()}. */
    static boolean confirmed(List<Map.Entry<Instant, Double>> newestFirst, BandTiming.Confirm confirm, DoublePredicate passes) {
        if (newestFirst.size() < confirm.readings()) {
            return false;
        }
        for (int i = 0; i < confirm.readings(); i++) {
            if (!passes.test(newestFirst.get(i).getValue())) {
                return false;
            }
        }
        Duration span = Duration.between(newestFirst.get(confirm.readings() - 1).getKey(), newestFirst.get(0).getKey());
        return confirm.within().map(w -> span.compareTo(w) <= 0).orElse(true);
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

    private static boolean atLeast(Optional<Severity> actual, Severity wanted) {
        return actual.isPresent() && !AlertLifecycle.moreSevere(wanted, actual.get());
    }

    private static Verdict.Alarm alarm(Patient patient, MeasurementType type, Bands bands, Direction d, Severity s,
                                       double limit, Map.Entry<Instant, Double> newest, int readings) {
        String message = Wording.name(type) + " " + Wording.quantity(newest.getValue(), type) + " is " + d.wireName() + " "
                + Wording.quantity(limit, type) + (readings > 1 ? " (" + readings + " readings in a row)" : "");
        return new Verdict.Alarm(AlertKey.band(patient.id(), type, d), patient.careTeam(), s,
                type.wireName() + "." + s.wireName() + "." + d.wireName(), OptionalDouble.of(newest.getValue()),
                type.canonicalUnit(), OptionalDouble.of(limit), Optional.of(bands), Optional.of(newest.getKey()), message);
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
