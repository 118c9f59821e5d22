package dk.telemed.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A missing file is no clients (only signed-in users can read). Every problem is reported at
 * once, each naming the entry, so a person fixes the file in one go.
 */
public final class ClientTokensParser {
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private final ObjectMapper yaml = Mappers.yaml();

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
            JsonNode c = list.get(i);
            String where = source + ": clients[" + i + "]";
            String name = c.path("name").asText("");
            if (!Identifiers.isValid(name)) {
                problems.add(where + ".name must match " + Identifiers.PATTERN_TEXT);
            } else if (!names.add(name)) {
                problems.add(where + ".name '" + name + "' is used twice");
            }
            Set<String> teams = new LinkedHashSet<>();
            c.path("careTeams").forEach(t -> teams.add(t.asText()));
            if (teams.isEmpty() || teams.stream().anyMatch(t -> !Identifiers.isValid(t))) {
                problems.add(where + ".careTeams must list at least one care team, each matching " + Identifiers.PATTERN_TEXT);
            }
            String hash = c.path("tokenHash").asText("");
            if (!HASH.matcher(hash).matches()) {
                problems.add(where + ".tokenHash must be sha256: and 64 hex digits, as new-client-token prints it");
            }
            clients.add(new ClientTokens.Client(name, teams, hash));
        }
        if (!problems.isEmpty()) {
            throw new Invalid(String.join("\n", problems));
        }
        return new ClientTokens(clients);
    }
}
