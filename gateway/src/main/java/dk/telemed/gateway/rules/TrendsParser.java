package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Direction;
import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.config.YamlTree;
import dk.telemed.gateway.model.LevelStatistic;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.ScheduleParser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The {@code trends:} part of {@code config/thresholds.yaml}: per type, named rules of two
 * kinds, told apart by their keys.
 * <pre>
 * fev1:   { baseline: { bestOf: P30D, minReadings: 3, yellowBelowPercent: 80, redBelowPercent: 70, resolveMarginPercent: 5 } }
 * weight: { gain_3d:  { within: P3D, severity: yellow, gainMoreThan: 2.0, resolveMargin: 0.5 } }
 * </pre>
 */
final class TrendsParser {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,32}");
    private static final List<String> CHANGE_LIMITS = List.of("gainMoreThan", "lossMoreThan", "gainMoreThanPercent",
            "lossMoreThanPercent");

    List<TrendRule> trends(JsonNode node, String at, List<String> problems) {
        List<TrendRule> rules = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return rules;
        }
        if (!node.isObject()) {
            problems.add(at + ": expected a mapping from measurement type to named trend rules");
            return rules;
        }
        for (Iterator<Map.Entry<String, JsonNode>> types = node.fields(); types.hasNext(); ) {
            Map.Entry<String, JsonNode> t = types.next();
            String typeAt = at + "." + t.getKey();
            Optional<MeasurementType> type = MeasurementType.fromWireName(t.getKey());
            if (type.isEmpty() || !t.getValue().isObject()) {
                problems.add(typeAt + (type.isEmpty() ? ": unknown measurement type (known: " + MeasurementType.knownWireNames() + ")"
                        : ": expected a mapping of named trend rules"));
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = t.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                rule(type.get(), e.getKey(), e.getValue(), typeAt + "." + e.getKey(), problems).ifPresent(rules::add);
            }
        }
        return rules;
    }

    private Optional<TrendRule> rule(MeasurementType type, String name, JsonNode node, String at, List<String> problems) {
        if (!NAME.matcher(name).matches()) {
            problems.add(at + ": a rule name must match " + NAME.pattern());
            return Optional.empty();
        }
        if (!node.isObject()) {
            problems.add(at + ": expected a mapping with bestOf (personal best) or within (change over a window)");
            return Optional.empty();
        }
        if (node.has("bestOf")) {
            return YamlTree.bindEntry(node, BestOfEntry.class, at, "a personal-best rule", problems)
                    .flatMap(e -> e.rule(type, name, at, problems));
        }
        if (node.has("within")) {
            return YamlTree.bindEntry(node, ChangeEntry.class, at, "a change rule", problems)
                    .flatMap(e -> e.rule(type, name, at, problems));
        }
        problems.add(at + ": expected bestOf (personal best) or within (change over a window)");
        return Optional.empty();
    }

    /** A percent-of-best rule as written; {@link #rule} checks it. */
    record BestOfEntry(String bestOf, String statistic, Integer minReadings, Double yellowBelowPercent, Double redBelowPercent,
                       Double resolveMarginPercent) {
        Optional<TrendRule> rule(MeasurementType type, String name, String at, List<String> problems) {
            int before = problems.size();
            Optional<Duration> window = ScheduleParser.duration(bestOf, at + ".bestOf", problems);
            int readings = NumberChecks.count(minReadings, at + ".minReadings", 1, problems);
            OptionalDouble red = NumberChecks.percent(redBelowPercent, at + ".redBelowPercent", problems);
            OptionalDouble yellow = NumberChecks.percent(yellowBelowPercent, at + ".yellowBelowPercent", problems);
            double margin = NumberChecks.nonNegative(resolveMarginPercent, at + ".resolveMarginPercent", 0, problems);
            LevelStatistic level = LevelStatistic.MAX;
            if (statistic != null) {
                Optional<LevelStatistic> s = LevelStatistic.fromWireName(statistic);
                if (s.isEmpty()) {
                    problems.add(at + ".statistic: '" + statistic + "' is not median, max or pNN (e.g. p90)");
                }
                level = s.orElse(level);
            }
            if (red.isEmpty() && yellow.isEmpty()) {
                problems.add(at + ": needs redBelowPercent and/or yellowBelowPercent");
            }
            if (red.isPresent() && yellow.isPresent() && red.getAsDouble() > yellow.getAsDouble()) {
                problems.add(at + ".redBelowPercent: " + red.getAsDouble() + " is above yellowBelowPercent "
                        + yellow.getAsDouble() + "; the red limit must be the further one");
            }
            return problems.size() > before ? Optional.empty()
                    : Optional.of(new TrendRule.PercentOfBest(type, name, window.orElseThrow(), level, readings, red, yellow, margin));
        }
    }

    /** A change-over-a-window rule as written, with exactly one of its four limits; {@link #rule} checks it. */
    record ChangeEntry(String within, String severity, Integer minReadings, Double resolveMargin, Double gainMoreThan,
                       Double lossMoreThan, Double gainMoreThanPercent, Double lossMoreThanPercent) {
        Optional<TrendRule> rule(MeasurementType type, String name, String at, List<String> problems) {
            int before = problems.size();
            Optional<Duration> window = ScheduleParser.duration(within, at + ".within", problems);
            int readings = NumberChecks.count(minReadings, at + ".minReadings", 1, problems);
            Optional<Severity> level = TrendsParser.severity(severity, at + ".severity", problems);
            double margin = NumberChecks.nonNegative(resolveMargin, at + ".resolveMargin", 0, problems);
            Map<String, Double> limits = new LinkedHashMap<>();
            limits.put("gainMoreThan", gainMoreThan);
            limits.put("lossMoreThan", lossMoreThan);
            limits.put("gainMoreThanPercent", gainMoreThanPercent);
            limits.put("lossMoreThanPercent", lossMoreThanPercent);
            limits.values().removeIf(Objects::isNull);
            if (limits.size() != 1) {
                problems.add(at + ": needs exactly one of " + String.join(", ", CHANGE_LIMITS));
                return Optional.empty();
            }
            String key = limits.keySet().iterator().next();
            double limit = NumberChecks.positive(limits.get(key), at + "." + key, problems);
            if (problems.size() > before) {
                return Optional.empty();
            }
            Direction direction = key.startsWith("gain") ? Direction.ABOVE : Direction.BELOW;
            return Optional.of(new TrendRule.Change(type, name, window.orElseThrow(), readings, level.orElseThrow(),
                    direction, limit, key.endsWith("Percent"), margin));
        }
    }

    private static Optional<Severity> severity(String text, String at, List<String> problems) {
        if ("red".equals(text) || "yellow".equals(text)) {
            return Optional.of(Severity.valueOf(text.toUpperCase(Locale.ROOT)));
        }
        problems.add(at + ": '" + (text == null ? "" : text) + "' must be red or yellow");
        return Optional.empty();
    }
}
