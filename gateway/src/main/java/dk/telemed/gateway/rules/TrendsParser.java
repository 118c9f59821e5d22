package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Direction;
import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.model.LevelStatistic;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.ScheduleParser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

import static dk.telemed.gateway.config.YamlTree.unknownKeys;

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
    private static final Set<String> BEST_KEYS = Set.of("bestOf", "statistic", "minReadings", "yellowBelowPercent", "redBelowPercent",
            "resolveMarginPercent");
    private static final List<String> CHANGE_LIMITS = List.of("gainMoreThan", "lossMoreThan", "gainMoreThanPercent",
            "lossMoreThanPercent");
    private static final Set<String> CHANGE_KEYS = Set.of("within", "severity", "minReadings", "resolveMargin",
            "gainMoreThan", "lossMoreThan", "gainMoreThanPercent", "lossMoreThanPercent");

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
            return percentOfBest(type, name, node, at, problems);
        }
        if (node.has("within")) {
            return change(type, name, node, at, problems);
        }
        problems.add(at + ": expected bestOf (personal best) or within (change over a window)");
        return Optional.empty();
    }

    private Optional<TrendRule> percentOfBest(MeasurementType type, String name, JsonNode node, String at, List<String> problems) {
        int before = problems.size();
        unknownKeys(node, BEST_KEYS, at, problems);
        Optional<Duration> window = ScheduleParser.duration(node.get("bestOf"), at + ".bestOf", problems);
        int minReadings = Numbers.count(node.get("minReadings"), at + ".minReadings", 1, problems);
        OptionalDouble red = percent(node.get("redBelowPercent"), at + ".redBelowPercent", problems);
        OptionalDouble yellow = percent(node.get("yellowBelowPercent"), at + ".yellowBelowPercent", problems);
        double margin = Numbers.nonNegative(node.get("resolveMarginPercent"), at + ".resolveMarginPercent", 0, problems);
        LevelStatistic statistic = LevelStatistic.MAX;
        if (node.has("statistic")) {
            Optional<LevelStatistic> s = LevelStatistic.fromWireName(node.get("statistic").asText());
            if (s.isEmpty()) {
                problems.add(at + ".statistic: '" + node.get("statistic").asText() + "' is not median, max or pNN (e.g. p90)");
            }
            statistic = s.orElse(statistic);
        }
        if (red.isEmpty() && yellow.isEmpty()) {
            problems.add(at + ": needs redBelowPercent and/or yellowBelowPercent");
        }
        if (red.isPresent() && yellow.isPresent() && red.getAsDouble() > yellow.getAsDouble()) {
            problems.add(at + ".redBelowPercent: " + red.getAsDouble() + " is above yellowBelowPercent "
                    + yellow.getAsDouble() + "; the red limit must be the further one");
        }
        return problems.size() > before ? Optional.empty()
                : Optional.of(new TrendRule.PercentOfBest(type, name, window.orElseThrow(), statistic, minReadings, red, yellow, margin));
    }

    private Optional<TrendRule> change(MeasurementType type, String name, JsonNode node, String at, List<String> problems) {
        int before = problems.size();
        unknownKeys(node, CHANGE_KEYS, at, problems);
        Optional<Duration> window = ScheduleParser.duration(node.get("within"), at + ".within", problems);
        int minReadings = Numbers.count(node.get("minReadings"), at + ".minReadings", 1, problems);
        Optional<Severity> severity = severity(node.get("severity"), at + ".severity", problems);
        double margin = Numbers.nonNegative(node.get("resolveMargin"), at + ".resolveMargin", 0, problems);
        List<String> limits = CHANGE_LIMITS.stream().filter(node::has).toList();
        if (limits.size() != 1) {
            problems.add(at + ": needs exactly one of " + String.join(", ", CHANGE_LIMITS));
            return Optional.empty();
        }
        String key = limits.get(0);
        double limit = Numbers.positive(node.get(key), at + "." + key, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        Direction direction = key.startsWith("gain") ? Direction.ABOVE : Direction.BELOW;
        return Optional.of(new TrendRule.Change(type, name, window.orElseThrow(), minReadings, severity.orElseThrow(),
                direction, limit, key.endsWith("Percent"), margin));
    }

    private static OptionalDouble percent(JsonNode node, String at, List<String> problems) {
        if (node == null || node.isNull()) {
            return OptionalDouble.empty();
        }
        if (!node.isNumber() || node.asDouble() <= 0 || node.asDouble() > 100) {
            problems.add(at + ": '" + node.asText() + "' is not a percentage above 0 and at most 100");
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(node.asDouble());
    }

    private static Optional<Severity> severity(JsonNode node, String at, List<String> problems) {
        String text = node == null ? "" : node.asText();
        if (text.equals("red") || text.equals("yellow")) {
            return Optional.of(Severity.valueOf(text.toUpperCase(Locale.ROOT)));
        }
        problems.add(at + ": '" + text + "' must be red or yellow");
        return Optional.empty();
    }
}
