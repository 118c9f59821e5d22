package dk.telemed.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dk.telemed.gateway.model.Mappers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the configuration in three layers: the shipped defaults ({@code config/gateway.yaml},
 * carried in the jar), an optional operator file, then {@code TELEMED_*} environment variables.
 */
public final class ConfigLoader {
    static final String DEFAULTS_RESOURCE = "/defaults/gateway.yaml";
    /** Names the interface fixes that do not follow the path rule. */
    private static final Map<String, String> ALIASES = Map.of("TELEMED_REGISTRY", "registry.path",
            "TELEMED_USERS", "auth.users", "TELEMED_CLIENTS", "fhir.clients");

    private final ObjectMapper yaml = Mappers.yaml();
    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public GatewayConfig load(Optional<Path> file) throws ConfigException {
        ObjectNode tree = defaults();
        Map<String, String> sourceOfKey = new HashMap<>();
        if (file.isPresent()) {
            mergeFile(tree, file.get(), sourceOfKey);
        }
        applyEnvironment(tree, sourceOfKey);
        WebhooksSection.apply(tree, environment, sourceOfKey);
        GatewayConfig config = bind(tree, sourceOfKey);
        List<String> problems = config.problems().stream()
                .map(p -> withSource(p, sourceOfKey)).collect(Collectors.toList());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** The environment variable that overrides a setting: {@code influx.batchSize -> TELEMED_INFLUX_BATCH_SIZE}. */
    static String environmentName(String path) {
        return "TELEMED_" + path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + DEFAULTS_RESOURCE + "; rebuild it with mvn package");
            }
            return (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the shipped defaults " + DEFAULTS_RESOURCE + " do not parse", e);
        }
    }

    private void mergeFile(ObjectNode tree, Path file, Map<String, String> sourceOfKey) throws ConfigException {
        JsonNode user;
        try {
            user = yaml.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(file + " line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e));
        }
        if (user == null || user.isMissingNode() || user.isNull()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        merge(tree, user, "", file.toString(), sourceOfKey, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static void merge(ObjectNode target, JsonNode overlay, String prefix, String source,
                              Map<String, String> sourceOfKey, List<String> problems) {
        if (!overlay.isObject()) {
            problems.add(source + ": '" + (prefix.isEmpty() ? "(top level)" : prefix) + "' must be a mapping of settings");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode existing = target.get(e.getKey());
            if (existing == null) {
                problems.add(source + ": '" + path + "' is not a setting" + known(target, prefix));
            } else if (existing.isObject()) {
                merge((ObjectNode) existing, e.getValue(), path, source, sourceOfKey, problems);
            } else {
                target.set(e.getKey(), e.getValue());
                sourceOfKey.put(path, source);
            }
        }
    }

    private static String known(ObjectNode node, String prefix) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(n -> names.add(prefix.isEmpty() ? n : prefix + "." + n));
        return " (known here: " + String.join(", ", names) + ")";
    }

    private void applyEnvironment(ObjectNode tree, Map<String, String> sourceOfKey) {
        Map<String, String> pathByVariable = new HashMap<>(ALIASES);
        leafPaths(tree, "").forEach(path -> pathByVariable.put(environmentName(path), path));
        pathByVariable.forEach((variable, path) -> {
            String value = environment.get(variable);
            if (value != null) {
                set(tree, path, value);
                sourceOfKey.put(path, "environment variable " + variable);
            }
        });
    }

    private static List<String> leafPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                paths.addAll(leafPaths(e.getValue(), path));
            } else {
                paths.add(path);
            }
        });
        return paths;
    }

    private static void set(ObjectNode tree, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.get(parts[i]);
        }
        node.set(parts[parts.length - 1], TextNode.valueOf(value));
    }

    private GatewayConfig bind(ObjectNode tree, Map<String, String> sourceOfKey) throws ConfigException {
        try {
            return yaml.treeToValue(tree, GatewayConfig.class);
        } catch (JsonMappingException e) {
            String path = path(e.getPath());
            JsonNode value = tree.at("/" + path.replace("]", "").replace('[', '.').replace('.', '/'));
            String lower = path.toLowerCase(Locale.ROOT);
            String shown = lower.contains("secret") || lower.contains("password") ? "(not shown)" : value.asText();
            throw new ConfigException(List.of(withSource(path + ": '" + shown + "' is not a valid "
                    + expected(e), sourceOfKey)));
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of("the configuration does not bind: " + e.getOriginalMessage()));
        }
    }

    /** {@code webhooks[1].timeoutMs}: names a list's element by its index. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : references) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(JsonMappingException e) {
        String message = e.getOriginalMessage();
        if (message.contains("`int`") || message.contains("`long`")) {
            return "whole number";
        }
        return "value (" + message.lines().findFirst().orElse(message) + ")";
    }

    private static String withSource(String problem, Map<String, String> sourceOfKey) {
        String key = problem.substring(0, Math.max(0, problem.indexOf(':')));
        String source = sourceOfKey.get(key);
        return source == null ? problem : problem + " (set by " + source + ")";
    }
}
