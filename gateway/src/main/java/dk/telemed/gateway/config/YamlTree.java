package dk.telemed.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dk.telemed.gateway.model.Mappers;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A YAML file read into a tree, its syntax errors named by file, line and column: one way for every file the gateway reads. */
public final class YamlTree {
    private YamlTree() {
    }

    /** The document's tree; null (or a missing node) for an empty document. */
    public static JsonNode read(String text, String source) throws ConfigException {
        try {
            return Mappers.yaml().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(source + " line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": not valid YAML: " + e.getOriginalMessage()));
        }
    }

    /** Reports every key of {@code node} outside {@code known}, by its path, for the files read as a tree and checked by hand. */
    public static void unknownKeys(JsonNode node, Set<String> known, String at, List<String> problems) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                problems.add(at + "." + k + ": unknown key (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        });
    }

    /**
     * Binds one entry of a list (a user, a client) into its record, as the configuration is
     * bound, and adds every problem of its shape to {@code problems}: each key that is not a
     * component of the record, and a value of the wrong kind. Each entry is bound on its own,
     * so one entry's wrong shape does not hide the others' problems. A missing key binds as
     * null, for the record's own checks to name in words a person understands.
     *
     * @param where the entry's place, e.g. {@code users.yaml: users[2] (nina)}
     * @param noun  what an entry is, e.g. {@code a user}
     * @return empty when the entry is not a mapping or a value is of the wrong kind
     */
    public static <T extends Record> Optional<T> bindEntry(JsonNode node, Class<T> type, String where, String noun,
                                                           List<String> problems) {
        List<String> known = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        if (!node.isObject()) {
            problems.add(where + ": must be a mapping of " + String.join(", ", known));
            return Optional.empty();
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                problems.add(where + ": '" + k + "' is not a key of " + noun + " (known: " + String.join(", ", known) + ")");
            }
        });
        ObjectNode own = ((ObjectNode) node).deepCopy();
        own.retain(known);
        try {
            return Optional.of(entries().readerFor(type).readValue(own));
        } catch (IOException e) {
            String field = e instanceof JsonMappingException m && !m.getPath().isEmpty() && m.getPath().get(0).getFieldName() != null
                    ? m.getPath().get(0).getFieldName() : "";
            Map<String, RecordComponent> components = Arrays.stream(type.getRecordComponents())
                    .collect(Collectors.toMap(RecordComponent::getName, c -> c));
            problems.add(where + ": " + (components.containsKey(field)
                    ? field + " is of the wrong kind (expected " + kind(components.get(field).getType()) + ")"
                    : "is of the wrong kind (" + String.join(", ", known) + ")"));
            return Optional.empty();
        }
    }

    /**
     * The gateway's mapper, for entries: a key left out binds as null, and a value binds only
     * as what it is written as (3.5 is no whole number, "3" no number, 3 no text).
     */
    private static ObjectMapper entries() {
        ObjectMapper mapper = Mappers.yaml()
                .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float)) {
            mapper.coercionConfigFor(number).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    private static String kind(Class<?> type) {
        if (type == String.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list, e.g. [a, b]";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "a mapping";
    }
}
