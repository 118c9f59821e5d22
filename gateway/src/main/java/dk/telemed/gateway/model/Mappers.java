package dk.telemed.gateway.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The gateway's one Jackson configuration: every JSON and YAML mapper is made here, so a file,
 * a payload and a stored document are read by the same rules. Binding is strict (an unknown
 * key or a missing number is a problem to report, never a silent default); callers add only
 * what their input needs on top (a payload's size limits, no trailing text).
 */
public final class Mappers {
    private Mappers() {
    }

    public static ObjectMapper json() {
        return configured(new ObjectMapper());
    }

    /** A JSON mapper over a factory of the caller's limits (nesting depth, duplicate keys). */
    public static ObjectMapper json(JsonFactory factory) {
        return configured(new ObjectMapper(factory));
    }

    public static ObjectMapper yaml() {
        return yaml(new YAMLFactory());
    }

    /** A YAML mapper over a factory of the caller's limits (the registry's document size). */
    public static ObjectMapper yaml(YAMLFactory factory) {
        return configured(new ObjectMapper(factory));
    }

    private static ObjectMapper configured(ObjectMapper mapper) {
        return mapper
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
    }
}
