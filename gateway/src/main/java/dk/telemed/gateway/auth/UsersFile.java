package dk.telemed.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.YamlTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the users file ({@code auth.users}):
 * <pre>
 * users:
 *   - username: anna.nord
 *     role: nurse                # nurse, clinician or admin
 *     careTeams: [nord-akut]     # at least one for a nurse or clinician; none for an admin
 *     passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$…$…"
 * </pre>
 * Every problem is reported at once, each naming the file and the entry.
 */
public final class UsersFile {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern CARE_TEAM = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> KEYS = Set.of("username", "role", "careTeams", "passwordHash");

    private UsersFile() {
    }

    /** An absent file is no users (every sign-in refused), so a fresh install starts; an empty path likewise. */
    public static Users load(String path) throws ConfigException {
        if (path.isBlank() || !Files.exists(Path.of(path))) {
            return Users.none();
        }
        String text;
        try {
            text = Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new ConfigException(List.of(path + ": cannot read the users file: " + e));
        }
        return parse(path, text);
    }

    static Users parse(String source, String text) throws ConfigException {
        JsonNode root = YamlTree.read(text, source);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Users.none();
        }
        JsonNode list = root.path("users");
        if (!root.isObject() || root.size() != 1 || !(list.isArray() || list.isNull())) {
            throw new ConfigException(List.of(source + ": must hold one key, 'users', with a list of users"));
        }
        List<String> problems = new ArrayList<>();
        Map<String, Users.Account> accounts = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String where = source + ": users[" + i + "]";
            entry(list.get(i), where, problems).ifPresent(a -> {
                if (accounts.putIfAbsent(a.user().username(), a) != null) {
                    problems.add(where + " (" + a.user().username() + "): username appears more than once");
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Users(accounts);
    }

    private static Optional<Users.Account> entry(JsonNode node, String where, List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + ": must be a mapping of username, role, careTeams, passwordHash");
            return Optional.empty();
        }
        String username = node.path("username").asText("");
        String at = USERNAME.matcher(username).matches() ? where + " (" + username + ")" : where;
        int before = problems.size();
        node.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                problems.add(at + ": '" + k + "' is not a key of a user (known: username, role, careTeams, passwordHash)");
            }
        });
        if (!node.path("username").isTextual() || !USERNAME.matcher(username).matches()) {
            problems.add(at + ": username must be 1 to 64 letters, digits or . _ @ -");
        }
        Optional<Role> role = node.path("role").isTextual() ? Role.fromWireName(node.path("role").asText()) : Optional.empty();
        if (role.isEmpty()) {
            problems.add(at + ": role '" + node.path("role").asText("") + "' is not one of nurse, clinician, admin");
        }
        Set<String> careTeams = careTeams(node.path("careTeams"), at, problems);
        role.ifPresent(r -> {
            if (r.seesPatients() && careTeams.isEmpty()) {
                problems.add(at + ": a " + r.wireName() + " needs at least one care team in careTeams");
            } else if (!r.seesPatients() && !careTeams.isEmpty()) {
                problems.add(at + ": an admin sees no patients, so careTeams must be empty");
            }
        });
        String hash = node.path("passwordHash").isTextual() ? node.path("passwordHash").asText() : null;
        PasswordHasher.problem(hash).ifPresent(p -> problems.add(at + ": " + p));
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Users.Account(new User(username, role.orElseThrow(), careTeams), hash));
    }

    private static Set<String> careTeams(JsonNode node, String at, List<String> problems) {
        Set<String> teams = new HashSet<>();
        if (node.isMissingNode() || node.isNull()) {
            return teams;
        }
        if (!node.isArray()) {
            problems.add(at + ": careTeams must be a list, e.g. [nord-akut]");
            return teams;
        }
        node.forEach(t -> {
            if (t.isTextual() && CARE_TEAM.matcher(t.asText()).matches()) {
                teams.add(t.asText());
            } else {
                problems.add(at + ": care team '" + t.asText() + "' must be 1 to 64 letters, digits or . _ -");
            }
        });
        return teams;
    }
}
