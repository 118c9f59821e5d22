package dk.telemed.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.YamlTree;
import dk.telemed.gateway.model.Identifiers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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

    /** One entry of the file, bound as written. */
    record Entry(String name, List<String> careTeams, String tokenHash) {
        void problems(String where, List<String> problems) {
            if (name == null || !Identifiers.isValid(name)) {
                problems.add(where + ".name must match " + Identifiers.PATTERN_TEXT);
            }
            if (careTeams == null || careTeams.isEmpty() || careTeams.stream().anyMatch(t -> t == null || !Identifiers.isValid(t))) {
                problems.add(where + ".careTeams must list at least one care team, each matching " + Identifiers.PATTERN_TEXT);
            }
            if (tokenHash == null || !HASH.matcher(tokenHash).matches()) {
                problems.add(where + ".tokenHash must be sha256: and 64 hex digits, as new-client-token prints it");
            }
        }
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
            root = YamlTree.read(text, source);
        } catch (ConfigException e) {
            throw new Invalid(String.join("\n", e.problems()));
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
            Optional<Entry> bound = YamlTree.bindEntry(list.get(i), Entry.class, where, "a client", problems);
            if (bound.isEmpty()) {
                continue;
            }
            Entry entry = bound.get();
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
