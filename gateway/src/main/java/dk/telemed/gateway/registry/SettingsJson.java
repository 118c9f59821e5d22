package dk.telemed.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Mappers;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.PassiveInterval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A patient's thresholds, plan and passive intervals in the registry file's shape, as JSON:
 * written for the dashboard and the settings store, read back with the registry's own parsers,
 * so the API accepts exactly what the file accepts.
 */
public final class SettingsJson {
    private static final ObjectMapper JSON = Mappers.json();

    /** A value that parsed, or every problem with it, each named by its path. */
    public record Parsed<T>(Optional<T> value, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    private SettingsJson() {
    }

    public static Parsed<Map<MeasurementType, Bands>> thresholds(JsonNode node) {
        List<String> problems = new ArrayList<>();
        if (!node.isObject()) {
            return new Parsed<>(Optional.empty(), List.of("thresholds: expected a mapping from measurement type to red/yellow bands"));
        }
        Map<MeasurementType, Bands> value = BandsParser.thresholds(node, "thresholds", problems);
        return new Parsed<>(problems.isEmpty() ? Optional.of(value) : Optional.empty(), problems);
    }

    public static Parsed<Map<MeasurementType, MeasurementPlan>> plan(JsonNode node) {
        List<String> problems = new ArrayList<>();
        if (!node.isObject()) {
            return new Parsed<>(Optional.empty(), List.of("plan: expected a mapping from measurement type to { every: <ISO-8601 period> } or none"));
        }
        Map<MeasurementType, MeasurementPlan> value = ScheduleParser.plans(node, "plan", problems);
        return new Parsed<>(problems.isEmpty() ? Optional.of(value) : Optional.empty(), problems);
    }

    public static Parsed<List<PassiveInterval>> passive(JsonNode node) {
        List<String> problems = new ArrayList<>();
        if (!node.isArray()) {
            return new Parsed<>(Optional.empty(), List.of("passive: expected a list of { from: YYYY-MM-DD, to: YYYY-MM-DD, reason: text }"));
        }
        List<PassiveInterval> value = ScheduleParser.passive(node, "passive", problems);
        return new Parsed<>(problems.isEmpty() ? Optional.of(value) : Optional.empty(), problems);
    }

    public static ObjectNode thresholds(Map<MeasurementType, Bands> thresholds) {
        ObjectNode node = JSON.createObjectNode();
        thresholds.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> node.set(e.getKey().wireName(), bands(e.getValue())));
        return node;
    }

    public static ObjectNode bands(Bands b) {
        ObjectNode node = JSON.createObjectNode();
        if (!b.red().equals(Band.NONE)) {
            node.set("red", band(b.red()));
        }
        if (!b.yellow().equals(Band.NONE)) {
            node.set("yellow", band(b.yellow()));
        }
        return node;
    }

    public static ObjectNode band(Band band) {
        ObjectNode node = JSON.createObjectNode();
        band.below().ifPresent(v -> node.put("below", v));
        band.above().ifPresent(v -> node.put("above", v));
        return node;
    }

    public static ObjectNode plan(Map<MeasurementType, MeasurementPlan> plan) {
        ObjectNode node = JSON.createObjectNode();
        plan.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (e.getValue().planned()) {
                node.set(e.getKey().wireName(), JSON.createObjectNode().put("every", e.getValue().every().orElseThrow().toString()));
            } else {
                node.put(e.getKey().wireName(), ScheduleParser.NO_PLAN);
            }
        });
        return node;
    }

    public static ArrayNode passive(List<PassiveInterval> passive) {
        ArrayNode list = JSON.createArrayNode();
        for (PassiveInterval p : passive) {
            ObjectNode node = list.addObject().put("from", p.from().toString()).put("to", p.to().toString());
            p.reason().ifPresent(r -> node.put("reason", r));
        }
        return list;
    }
}
