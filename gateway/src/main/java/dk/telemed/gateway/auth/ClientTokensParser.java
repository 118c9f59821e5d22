package dk.telemed.gateway.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.telemed.gateway.model.Identifiers;
import dk.telemed.gateway.model.Mappers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the clients file:
 * <pre>
 * clients:
 *   - name: gp-system
 *     careTeams: [nord-akut]
 *     tokenHash: "sha256:…"
 * </pre>
 * A missing file is no clients (only signed-in users can read). Each entry is bound with
 * Jackson into an {@link Entry} record, as the configuration is, and every problem is reported
 * at once, each naming the entry, so a person fixes the file in one go.
 */
public final class ClientTokensParser {
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Set<String> KEYS = Set.of("name", "careTeams", "tokenHash");
    private final ObjectMapper yaml = Mappers.yaml();

    /** One entry of the file, bound as written. */
    record Entry(String name, List<String> careTeams, String tokenHash) {
        void problems(String where, List<String> problems) {
            if (name == null || !Identifiers.isValid(name)) {
                problems.add(where + ".name must match " + Identifiers.PATTERN_TEXT);
            }
            if (careTeams.isEmpty() || careTeams.stream().anyMatch(t -> t == null || !Identifiers.isValid(t))) {
                problems.add(where + ".careTeams must list at least one care team, each matching " + Identifiers.PATTERN_TEXT);
            }
            if (tokenHash == null || !HASH.matcher(tokenHash).matches()) {
                problems.add(where + ".tokenHash must be sha256: and 64 hex digits, as new-client-token prints it");
            }
        }
    }

    /** The entry's own keys, empty where it lacks one: a missing key is then named by {@link Entry#problems}, not a binding error. */
    private static ObjectNode withAllKeys(JsonNode node) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.retain(KEYS);
        if (!copy.hasNonNull("name")) {
            copy.put("name", "");
        }
        if (!copy.hasNonNull("careTeams")) {
            copy.putArray("careTeams");
        }
        if (!copy.hasNonNull("tokenHash")) {
            copy.put("tokenHash", "");
        }
        return copy;
    }

    private static String field(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return m.getPath().get(0).getFieldName();
        }
        return "(entry)";
    }

    /** Thrown with every problem of the file. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    public ClientTokens load(Path file) throws Invalid {
        if (!Files.exists(file)) {
            return new ClientTokens(List.of());
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read: " + e);
        }
    }

    public ClientTokens parse(String text, String source) throws Invalid {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (IOException e) {
            throw new Invalid(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        List<ClientTokens.Client> clients = new ArrayList<>();
        JsonNode list = root == null || root.isNull() || root.isMissingNode() ? null : root.get("clients");
        if (root != null && !root.isNull() && !root.isMissingNode() && (list == null || !(list.isArray() || list.isNull()))) {
            throw new Invalid(source + ": expected 'clients:' with a list of {name, careTeams, tokenHash}");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String where = source + ": clients[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                problems.add(where + ": must be a mapping of name, careTeams (a list), tokenHash");
                continue;
            }
            List<String> unknown = new ArrayList<>();
            node.fieldNames().forEachRemaining(k -> {
                if (!KEYS.contains(k)) {
                    unknown.add(where + ": '" + k + "' is not a key of a client (known: name, careTeams, tokenHash)");
                }
            });
            problems.addAll(unknown);
            Entry entry;
            try {
                // Each entry bound on its own, so one entry's wrong shape does not hide the others' problems.
                entry = yaml.treeToValue(withAllKeys(node), Entry.class);
            } catch (JsonProcessingException e) {
                problems.add(where + "." + field(e) + " is of the wrong kind (name and tokenHash are text, careTeams a list)");
                continue;
            }
            int before = problems.size();
            entry.problems(where, problems);
            if (entry.name() != null && Identifiers.isValid(entry.name()) && !names.add(entry.name())) {
                problems.add(where + ".name '" + entry.name() + "' is used twice");
            }
            if (problems.size() == before) {
                clients.add(new ClientTokens.Client(entry.name(), new LinkedHashSet<>(entry.careTeams()), entry.tokenHash()));
            }
        }
        if (!problems.isEmpty()) {
            throw new Invalid(String.join("\n", problems));
        }
        return new ClientTokens(clients);
    }
}
