package dk.telemed.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.model.LevelStatistic;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RelativeLimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static dk.telemed.gateway.config.YamlTree.unknownKeys;

/**
 * Relative limits, in the clinical defaults ({@code relative:} per condition) and in a
 * patient's registry entry ({@code relative:}, replacing the default of each type it names):
 * <pre>
 *   spo2: { window: P14D, statistic: median, minReadings: 5, side: below, yellow: 3, red: 5, resolveMargin: 1 }
 *   pulse: none        # a patient's own: no relative limit for this type
 * </pre>
 * {@code yellow: 3} means 3 or more (canonical units) on {@code side} of the level. Every
 * problem is collected with its path.
 */
public final class RelativeLimits {
    private static final Set<String> KEYS = Set.of("window", "statistic", "minReadings", "side", "yellow", "red", "resolveMargin");
    private static final String EXPECTED = "{ window: P14D, statistic: median|max|pNN, minReadings: N, side: below|above, "
            + "yellow: points, red: points, resolveMargin: points } or " + ScheduleParser.NO_PLAN;
    /** A patient's entry that switches the type's relative limit off. */
    public static final RelativeLimit NONE = new RelativeLimit(Duration.ofDays(1), LevelStatistic.MEDIAN, 1,
            RelativeLimit.Side.BELOW, OptionalDouble.empty(), OptionalDouble.empty(), 0);

    private RelativeLimits() {
    }

    public static Map<MeasurementType, RelativeLimit> parse(JsonNode node, String at, List<String> problems) {
        return TypeMaps.byType(node, at, "a mapping from measurement type to " + EXPECTED, problems, RelativeLimits::limit);
    }

    public static boolean isNone(RelativeLimit limit) {
        return limit.yellowPoints().isEmpty() && limit.redPoints().isEmpty();
    }

    private static Optional<RelativeLimit> limit(JsonNode node, String at, List<String> problems) {
        if (node.isTextual() && node.asText().equals(ScheduleParser.NO_PLAN)) {
            return Optional.of(NONE);
        }
        if (!node.isObject()) {
            problems.add(at + ": expected " + EXPECTED);
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(node, KEYS, at, problems);
        Duration window = Duration.ofDays(14);
        if (node.has("window")) {
            window = ScheduleParser.duration(node.get("window"), at + ".window", problems).orElse(window);
            if (window.compareTo(RelativeLimit.LONGEST_WINDOW) > 0) {
                problems.add(at + ".window: at most " + RelativeLimit.LONGEST_WINDOW.toDays() + " days (P30D)");
            }
        }
        LevelStatistic statistic = LevelStatistic.MEDIAN;
        if (node.has("statistic")) {
            Optional<LevelStatistic> s = LevelStatistic.fromWireName(node.get("statistic").asText());
            if (s.isEmpty()) {
                problems.add(at + ".statistic: '" + node.get("statistic").asText() + "' is not median, max or pNN (e.g. p90)");
            }
            statistic = s.orElse(statistic);
        }
        int minReadings = 5;
        if (node.has("minReadings")) {
            JsonNode n = node.get("minReadings");
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
                problems.add(at + ".minReadings: expected a whole number of at least 1");
            } else {
                minReadings = n.asInt();
            }
        }
        RelativeLimit.Side side = RelativeLimit.Side.BELOW;
        if (node.has("side")) {
            String s = node.get("side").asText();
            if (s.equals("below") || s.equals("above")) {
                side = s.equals("below") ? RelativeLimit.Side.BELOW : RelativeLimit.Side.ABOVE;
            } else {
                problems.add(at + ".side: expected below or above, not '" + s + "'");
            }
        }
        OptionalDouble yellow = points(node.get("yellow"), at + ".yellow", problems);
        OptionalDouble red = points(node.get("red"), at + ".red", problems);
        if (yellow.isEmpty() && red.isEmpty()) {
            problems.add(at + ": set yellow, red or both (points from the patient's own level), or write " + ScheduleParser.NO_PLAN);
        }
        if (yellow.isPresent() && red.isPresent() && red.getAsDouble() <= yellow.getAsDouble()) {
            problems.add(at + ".red: " + red.getAsDouble() + " must lie further from the level than yellow (" + yellow.getAsDouble() + ")");
        }
        OptionalDouble margin = node.has("resolveMargin") ? points(node.get("resolveMargin"), at + ".resolveMargin", problems)
                : OptionalDouble.of(1);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RelativeLimit(window, statistic, minReadings, side, yellow, red, margin.orElse(1)));
    }

    private static OptionalDouble points(JsonNode node, String at, List<String> problems) {
        if (node == null || node.isNull()) {
            return OptionalDouble.empty();
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() <= 0) {
            problems.add(at + ": expected a positive number, not '" + node.asText() + "'");
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(node.asDouble());
    }
}
