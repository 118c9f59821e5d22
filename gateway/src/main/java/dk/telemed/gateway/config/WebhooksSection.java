package dk.telemed.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code webhooks} list, which the generic per-key layering cannot handle (a list is
 * replaced whole, and has no environment names): checks each entry's keys, fills the optional
 * ones with their defaults, and applies the interface's {@code TELEMED_WEBHOOK_URL} and
 * {@code TELEMED_WEBHOOK_SECRET} to the webhook named {@code default} (adding it when missing).
 */
final class WebhooksSection {
    static final String DEFAULT_NAME = "default";
    static final String URL_VARIABLE = "TELEMED_WEBHOOK_URL";
    /** One secret, or several separated by white space (rotation); never logged. */
    static final String SECRET_VARIABLE = "TELEMED_WEBHOOK_SECRET";
    private static final List<String> REQUIRED = List.of("name", "url", "secrets");

    private WebhooksSection() {
    }

    /** The defaults of a webhook's optional keys (documented in config/gateway.yaml). */
    static ObjectNode entryDefaults() {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.putArray("careTeams");
        entry.put("minSeverity", "blue");
        entry.put("timeoutMs", 15_000);
        entry.put("connectTimeoutMs", 5_000);
        entry.put("caFile", "");
        return entry;
    }

    static void apply(ObjectNode tree, Map<String, String> environment, Map<String, String> sourceOfKey) throws ConfigException {
        JsonNode list = tree.get("webhooks");
        String source = sourceOfKey.get("webhooks");
        String where = source == null ? "" : " (set by " + source + ")";
        if (list == null || list.isNull()) {
            list = tree.putArray("webhooks");
        }
        if (!list.isArray()) {
            throw new ConfigException(List.of("webhooks: must be a list of webhooks, each with name, url and secrets" + where));
        }
        List<String> problems = new ArrayList<>();
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < list.size(); i++) {
            entries.add(entry(list.get(i), "webhooks[" + i + "]", source, where, sourceOfKey, problems));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        applyEnvironment(entries, environment, sourceOfKey);
        tree.set("webhooks", entries);
    }

    private static ObjectNode entry(JsonNode given, String key, String source, String where,
                                    Map<String, String> sourceOfKey, List<String> problems) {
        ObjectNode entry = entryDefaults();
        if (!given.isObject()) {
            problems.add(key + ": must be a mapping with name, url and secrets" + where);
            return entry;
        }
        List<String> known = new ArrayList<>(REQUIRED);
        entry.fieldNames().forEachRemaining(known::add);
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!known.contains(field.getKey())) {
                problems.add(key + "." + field.getKey() + ": is not a setting of a webhook (known: "
                        + String.join(", ", known) + ")" + where);
            } else {
                entry.set(field.getKey(), field.getValue());
                if (source != null) {
                    sourceOfKey.put(key + "." + field.getKey(), source);
                }
            }
        }
        for (String list : List.of("secrets", "careTeams")) {
            // One value where a list is meant: take it as a list of one.
            JsonNode value = entry.path(list);
            if (value.isValueNode() && !value.isNull()) {
                entry.putArray(list).add(value.asText());
            }
        }
        for (String required : REQUIRED) {
            if (!entry.hasNonNull(required)) {
                problems.add(key + "." + required + ": is required" + where);
            }
        }
        return entry;
    }

    private static void applyEnvironment(ArrayNode entries, Map<String, String> environment, Map<String, String> sourceOfKey) {
        String url = environment.get(URL_VARIABLE);
        String secret = environment.get(SECRET_VARIABLE);
        int index = indexOfDefault(entries);
        if (url != null && !url.isBlank()) {
            if (index < 0) {
                ObjectNode entry = entryDefaults();
                entry.put("name", DEFAULT_NAME);
                entry.putArray("secrets");
                entries.add(entry);
                index = entries.size() - 1;
            }
            ((ObjectNode) entries.get(index)).put("url", url.strip());
            sourceOfKey.put("webhooks[" + index + "].url", "environment variable " + URL_VARIABLE);
        }
        if (secret != null && !secret.isBlank() && index >= 0) {
            ArrayNode secrets = ((ObjectNode) entries.get(index)).putArray("secrets");
            Arrays.stream(secret.strip().split("\\s+")).forEach(secrets::add);
            sourceOfKey.put("webhooks[" + index + "].secrets", "environment variable " + SECRET_VARIABLE);
        }
    }

    private static int indexOfDefault(ArrayNode entries) {
        for (int i = 0; i < entries.size(); i++) {
            if (DEFAULT_NAME.equals(entries.get(i).path("name").asText(null))) {
                return i;
            }
        }
        return -1;
    }
}
