package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Judges a reading against the patient's own earlier readings ({@link TrendRule}): the
 * earlier readings are those in the rule's window before the reading's own time, so a late
 * upload is judged against what came before it, and any gateway reading the same stored
 * series reaches the same verdict.
 */
final class BaselineRule {
    private static final List<Severity> WORST_FIRST = List.of(Severity.RED, Severity.YELLOW);

    private BaselineRule() {
    }

    /**
     * @param history the patient's readings of the rule's type
     * @param at      the index in {@code history} of the reading judged
     */
    static Optional<Verdict> judge(Patient patient, TrendRule rule, Series history, int at) {
        Instant ts = history.time(at);
        double value = history.value(at);
        if (rule instanceof TrendRule.PercentOfBest best) {
            Series.Sorted earlier = history.sorted(rule.window(), at);
            return enough(earlier, rule) ? percentOfBest(patient, best, earlier.statistic(best.statistic()), ts, value) : Optional.empty();
        }
        Series.Extremes earlier = history.extremes(rule.window(), at);
        return enough(earlier, rule)
                ? change(patient, (TrendRule.Change) rule, earlier.lowest(), earlier.highest(), ts, value) : Optional.empty();
    }

    /** Too few earlier readings: no verdict, the baseline is not yet trustworthy. */
    private static boolean enough(Series.Window earlier, TrendRule rule) {
        return earlier.count() > 0 && earlier.count() >= rule.minReadings();
    }

    private static Optional<Verdict> percentOfBest(Patient patient, TrendRule.PercentOfBest rule, double best,
                                                   Instant ts, double value) {
        MeasurementType type = rule.type();
        double percent = value / best * 100;
        Supplier<String> of = () -> Wording.name(type) + " " + Wording.quantity(value, type) + " is " + Math.round(Math.floor(percent))
                + " % of the personal best " + Wording.quantity(best, type) + " (" + rule.statistic().words() + " of the last "
                + Wording.period(rule.window()) + ")";
        for (Severity s : WORST_FIRST) {
            OptionalDouble limit = rule.belowPercent(s);
            if (limit.isPresent() && percent < limit.getAsDouble()) {
                Bands bands = new Bands(belowBand(rule.redBelowPercent(), best), belowBand(rule.yellowBelowPercent(), best));
                return Optional.of(alarm(patient, rule, s, value, best * limit.getAsDouble() / 100, bands, ts,
                        () -> of.get() + ", " + s.wireName() + " below " + Wording.number(limit.getAsDouble()) + " %"));
            }
        }
        double leastSevere = rule.yellowBelowPercent().orElse(rule.redBelowPercent().orElseThrow());
        return percent >= leastSevere + rule.resolveMarginPercent()
                ? Optional.of(new Verdict.Clear(key(patient, rule), OptionalDouble.of(value), Optional.of(ts), () -> of.get() + ": back in range"))
                : Optional.empty();
    }

    private static Optional<Verdict> change(Patient patient, TrendRule.Change rule, double lowest, double highest, Instant ts,
                                            double value) {
        MeasurementType type = rule.type();
        double reference = rule.gain() ? lowest : highest;
        double change = rule.gain() ? value - reference : reference - value;
        double amount = rule.percent() ? change / reference * 100 : change;
        double limitAbsolute = rule.percent() ? reference * rule.limit() / 100 : rule.limit();
        String word = rule.gain() ? "gain" : "loss";
        Supplier<String> what = () -> Wording.name(type) + " " + Wording.quantity(value, type) + ": a " + word + " of "
                + (rule.percent() ? Wording.number(amount) + " %" : Wording.quantity(change, type)) + " against the "
                + (rule.gain() ? "lowest" : "highest") + " reading of the last " + Wording.period(rule.window())
                + " (" + Wording.quantity(reference, type) + ")";
        if (amount > rule.limit()) {
            double threshold = rule.gain() ? reference + limitAbsolute : reference - limitAbsolute;
            Band band = rule.gain() ? new Band(OptionalDouble.empty(), OptionalDouble.of(threshold))
                    : new Band(OptionalDouble.of(threshold), OptionalDouble.empty());
            Bands bands = rule.severity() == Severity.RED ? new Bands(band, Band.NONE) : new Bands(Band.NONE, band);
            return Optional.of(alarm(patient, rule, rule.severity(), value, threshold, bands, ts,
                    () -> what.get() + "; " + rule.severity().wireName() + " above a " + word + " of "
                            + (rule.percent() ? Wording.number(rule.limit()) + " %" : Wording.quantity(rule.limit(), type))));
        }
        return amount <= rule.limit() - rule.resolveMargin()
                ? Optional.of(new Verdict.Clear(key(patient, rule), OptionalDouble.of(value), Optional.of(ts), () -> what.get() + ": back in range"))
                : Optional.empty();
    }

    private static Band belowBand(OptionalDouble percent, double best) {
        return percent.isPresent() ? new Band(OptionalDouble.of(best * percent.getAsDouble() / 100), OptionalDouble.empty()) : Band.NONE;
    }

    private static Verdict.Alarm alarm(Patient patient, TrendRule rule, Severity s, double value, double threshold,
                                       Bands bands, Instant ts, Supplier<String> message) {
        return new Verdict.Alarm(key(patient, rule), patient.careTeam(), s, rule.ruleName(s), OptionalDouble.of(value),
                rule.type().canonicalUnit(), OptionalDouble.of(threshold), Optional.of(bands), Optional.of(ts), message);
    }

    private static AlertKey key(Patient patient, TrendRule rule) {
        return AlertKey.trend(patient.id(), rule.type(), rule.name());
    }
}
