package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Direction;
import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.model.Instruction;
import dk.telemed.gateway.model.MeasurementType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dk.telemed.gateway.config.YamlTree.unknownKeys;

/**
 * What to do when a reading lies strictly beyond a level (the {@code instructions:} of
 * {@code config/thresholds.yaml}): a glucose below 3.0 mmol/L says "hurtige kulhydrater, mål
 * igen om 15 min", ketones above 3.0 mmol/L "akut vurdering". A device's LO or HI lies beyond
 * every level on its side.
 */
public record Instructions(List<Rule> rules) {
    public static final Instructions NONE = new Instructions(List.of());
    private static final Set<String> KEYS = Set.of("below", "above", "da", "en");

    /** The instruction for readings of {@code type} strictly {@code side} {@code limit}. */
    public record Rule(MeasurementType type, Direction side, double limit, Instruction instruction) {
    }

    public Instructions {
        rules = List.copyOf(rules);
    }

    /** The instruction for the reading behind an alarm, the first rule that matches; none for other alarms. */
    Optional<Instruction> of(Verdict.Alarm a) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        double value = a.value().isPresent() ? a.value().getAsDouble()
                : a.rule().endsWith(".device_lo") ? Double.NEGATIVE_INFINITY
                : a.rule().endsWith(".device_hi") ? Double.POSITIVE_INFINITY : Double.NaN;
        if (Double.isNaN(value)) {
            return Optional.empty();
        }
        for (Rule r : rules) {
            if (r.type().wireName().equals(a.key().type()) && r.side().beyond(value, r.limit())) {
                return Optional.of(r.instruction());
            }
        }
        return Optional.empty();
    }

    /** Parses {@code {type: [{below|above: X, da: text, en: text}, ...]}}. */
    static Instructions parse(JsonNode node, String at, List<String> problems) {
        List<Rule> rules = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            problems.add(at + ": expected a mapping from measurement type to a list of { below|above: X, da: text, en: text }");
            return NONE;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String typeAt = at + "." + e.getKey();
            Optional<MeasurementType> type = MeasurementType.fromWireName(e.getKey());
            if (type.isEmpty()) {
                problems.add(typeAt + ": unknown measurement type (known: " + MeasurementType.knownWireNames() + ")");
                continue;
            }
            if (!e.getValue().isArray()) {
                problems.add(typeAt + ": expected a list of { below|above: X, da: text, en: text }");
                continue;
            }
            int i = 0;
            for (JsonNode item : e.getValue()) {
                rule(type.get(), item, typeAt + "[" + i++ + "]", problems).ifPresent(rules::add);
            }
        }
        return new Instructions(rules);
    }

    private static Optional<Rule> rule(MeasurementType type, JsonNode node, String at, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at + ": expected { below|above: X, da: text, en: text }");
            return Optional.empty();
        }
        unknownKeys(node, KEYS, at, problems);
        if (node.has("below") == node.has("above")) {
            problems.add(at + ": needs exactly one of below, above");
            return Optional.empty();
        }
        Direction side = node.has("below") ? Direction.BELOW : Direction.ABOVE;
        JsonNode limit = node.get(side.wireName());
        String da = node.path("da").asText("");
        String en = node.path("en").asText("");
        int before = problems.size();
        if (!limit.isNumber() || !Double.isFinite(limit.asDouble())) {
            problems.add(at + "." + side.wireName() + ": expected a number in " + type.canonicalUnit());
        }
        if (da.isBlank() || en.isBlank()) {
            problems.add(at + ": needs the instruction in Danish (da) and English (en)");
        }
        return problems.size() > before ? Optional.empty()
                : Optional.of(new Rule(type, side, limit.asDouble(), new Instruction(da.strip(), en.strip())));
    }
}
