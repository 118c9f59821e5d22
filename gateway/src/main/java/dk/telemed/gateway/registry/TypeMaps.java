package dk.telemed.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.model.MeasurementType;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a YAML mapping keyed by measurement type, naming each problem by its path. */
public final class TypeMaps {
    /** Parses one entry's value at its path, adding to {@code problems} when it cannot. */
    public interface ValueParser<T> {
        Optional<T> parse(JsonNode value, String at, List<String> problems);
    }

    private TypeMaps() {
    }

    /**
     * @param expected what the mapping should hold, for the message when it is not a mapping
     */
    public static <T> Map<MeasurementType, T> byType(JsonNode node, String at, String expected,
                                                     List<String> problems, ValueParser<T> values) {
        Map<MeasurementType, T> result = new EnumMap<>(MeasurementType.class);
        if (node.isMissingNode() || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            problems.add(at + ": expected " + expected);
            return result;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String typeAt = at + "." + entry.getKey();
            Optional<MeasurementType> type = MeasurementType.fromWireName(entry.getKey());
            if (type.isEmpty()) {
                problems.add(typeAt + ": unknown measurement type (known: " + MeasurementType.knownWireNames() + ")");
                continue;
            }
            values.parse(entry.getValue(), typeAt, problems).ifPresent(v -> result.put(type.get(), v));
        }
        return result;
    }
}
