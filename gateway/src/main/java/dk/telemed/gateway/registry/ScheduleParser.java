package dk.telemed.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.PassiveInterval;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dk.telemed.gateway.config.YamlTree.unknownKeys;

/**
 * The time-shaped parts of the registry and the clinical defaults: measurement plans
 * ({@code glucose: { every: P1D }}, or {@code none}) and passive intervals. Problems are
 * collected with their path, like the rest of the registry.
 */
public final class ScheduleParser {
    private static final Set<String> PLAN_KEYS = Set.of("every");
    private static final Set<String> PASSIVE_KEYS = Set.of("from", "to", "reason");
    /** A plan entry that takes the type out of the patient's plan. */
    public static final String NO_PLAN = "none";

    private ScheduleParser() {
    }

    /** Parses {@code {type: {every: P1D} | none}}; shared with the clinical defaults' parser. */
    public static Map<MeasurementType, MeasurementPlan> plans(JsonNode node, String at, List<String> problems) {
        return TypeMaps.byType(node, at, "a mapping from measurement type to { every: <ISO-8601 period> } or " + NO_PLAN,
                problems, ScheduleParser::plan);
    }

    private static Optional<MeasurementPlan> plan(JsonNode node, String at, List<String> problems) {
        if (node.isTextual() && node.asText().equals(NO_PLAN)) {
            return Optional.of(MeasurementPlan.NONE);
        }
        if (!node.isObject() || !node.has("every")) {
            problems.add(at + ": expected { every: <ISO-8601 period, e.g. P1D or PT12H> } or " + NO_PLAN);
            return Optional.empty();
        }
        unknownKeys(node, PLAN_KEYS, at, problems);
        return duration(node.get("every"), at + ".every", problems).map(MeasurementPlan::every);
    }

    /** A positive ISO-8601 duration such as {@code P3D} or {@code PT30M}. */
    public static Optional<Duration> duration(JsonNode node, String at, List<String> problems) {
        return duration(node.asText(), at, problems);
    }

    /** The same check for a duration already bound as text; null (left out) is a problem too. */
    public static Optional<Duration> duration(String text, String at, List<String> problems) {
        try {
            Duration d = Duration.parse(text == null ? "" : text);
            if (!d.isNegative() && !d.isZero()) {
                return Optional.of(d);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problems.add(at + ": '" + (text == null ? "" : text) + "' is not a positive ISO-8601 duration (e.g. P1D, P3D, PT12H, PT30M)");
        return Optional.empty();
    }

    /** Parses a patient's {@code passive:} list; the dashboard's API validates with the same code. */
    public static List<PassiveInterval> passive(JsonNode node, String at, List<String> problems) {
        List<PassiveInterval> result = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return result;
        }
        if (!node.isArray()) {
            problems.add(at + ": expected a list of { from: YYYY-MM-DD, to: YYYY-MM-DD, reason: text }");
            return result;
        }
        int index = 0;
        for (JsonNode interval : node) {
            String itemAt = at + "[" + index++ + "]";
            if (!interval.isObject()) {
                problems.add(itemAt + ": expected { from: YYYY-MM-DD, to: YYYY-MM-DD, reason: text }");
                continue;
            }
            unknownKeys(interval, PASSIVE_KEYS, itemAt, problems);
            Optional<LocalDate> from = date(interval.get("from"), itemAt + ".from", problems);
            Optional<LocalDate> to = date(interval.get("to"), itemAt + ".to", problems);
            if (from.isPresent() && to.isPresent()) {
                if (to.get().isBefore(from.get())) {
                    problems.add(itemAt + ".to: " + to.get() + " is before from " + from.get());
                } else {
                    Optional<String> reason = interval.hasNonNull("reason") ? Optional.of(interval.get("reason").asText()) : Optional.empty();
                    result.add(new PassiveInterval(from.get(), to.get(), reason));
                }
            }
        }
        return result;
    }

    private static Optional<LocalDate> date(JsonNode node, String at, List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add(at + ": missing (a date, YYYY-MM-DD)");
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(node.asText()));
        } catch (DateTimeParseException e) {
            problems.add(at + ": '" + node.asText() + "' is not a date (YYYY-MM-DD)");
            return Optional.empty();
        }
    }
}
