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
 * Each entry is bound with Jackson into an {@link Entry} record, as the configuration is, and
 * every problem is reported at once, each naming the file and the entry.
 */
public final class UsersFile {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern CARE_TEAM = Pattern.compile("[A-Za-z0-9._-]{1,64}");

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

    /** One entry of the file, bound as written; {@link #account} checks it. */
    record Entry(String username, String role, List<String> careTeams, String passwordHash) {
        Optional<Users.Account> account(String at, List<String> problems) {
            int before = problems.size();
            if (username == null || !USERNAME.matcher(username).matches()) {
                problems.add(at + ": username must be 1 to 64 letters, digits or . _ @ -");
            }
            Optional<Role> known = role == null ? Optional.empty() : Role.fromWireName(role);
            if (known.isEmpty()) {
                problems.add(at + ": role '" + (role == null ? "" : role) + "' is not one of nurse, clinician, admin");
            }
            Set<String> teams = new HashSet<>();
            for (String t : careTeams == null ? List.<String>of() : careTeams) {
                if (t != null && CARE_TEAM.matcher(t).matches()) {
                    teams.add(t);
                } else {
                    problems.add(at + ": care team '" + t + "' must be 1 to 64 letters, digits or . _ -");
                }
            }
            known.ifPresent(r -> {
                if (r.seesPatients() && teams.isEmpty()) {
                    problems.add(at + ": a " + r.wireName() + " needs at least one care team in careTeams");
                } else if (!r.seesPatients() && !teams.isEmpty()) {
                    problems.add(at + ": an admin sees no patients, so careTeams must be empty");
                }
            });
            PasswordHasher.problem(passwordHash).ifPresent(p -> problems.add(at + ": " + p));
            if (problems.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new Users.Account(new User(username, known.orElseThrow(), teams), passwordHash));
        }

        /** The hash stays out of every message and log. */
        @Override
        public String toString() {
            return "Entry[" + username + ", " + role + ", " + careTeams + "]";
        }
    }

    private static Optional<Users.Account> entry(JsonNode node, String where, List<String> problems) {
        String username = node.path("username").asText("");
        String at = USERNAME.matcher(username).matches() ? where + " (" + username + ")" : where;
        int before = problems.size();
        Optional<Entry> entry = YamlTree.bindEntry(node, Entry.class, at, "a user", problems);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Optional<Users.Account> account = entry.get().account(at, problems);
        return problems.size() > before ? Optional.empty() : account;
    }
}
