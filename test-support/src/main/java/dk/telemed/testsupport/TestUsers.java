package dk.telemed.testsupport;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A users file for a test gateway, with a fresh random password per user:
 * <pre>
 * TestUsers users = new TestUsers().add("nina", "nurse", "nord-akut").add("adam", "admin");
 * GatewayProcess gw = stack.track(stack.gateway("gw").users(users.write(dir)).start());
 * ApiClient nina = new ApiClient(gw.url()).signIn("nina", users.password("nina"));
 * </pre>
 * Hashes are bcrypt at the lowest cost, so writing the file is fast; the gateway accepts them
 * like any other.
 */
public final class TestUsers {
    private record Entry(String role, List<String> careTeams, String password) {
    }

    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Entry> users = new LinkedHashMap<>();

    /** Adds a user with a random password; {@code role} is nurse, clinician or admin. */
    public TestUsers add(String username, String role, String... careTeams) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return addWithPassword(username, role, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), careTeams);
    }

    /** For a test that needs a password of its own choosing (e.g. one longer than bcrypt reads). */
    public TestUsers addWithPassword(String username, String role, String password, String... careTeams) {
        users.put(username, new Entry(role, List.of(careTeams), password));
        return this;
    }

    public String password(String username) {
        Entry entry = users.get(username);
        if (entry == null) {
            throw new IllegalArgumentException("no test user " + username + " (have " + users.keySet() + ")");
        }
        return entry.password();
    }

    /** Writes {@code users.yaml} into {@code dir} and returns its absolute path. */
    public Path write(Path dir) {
        StringBuilder yaml = new StringBuilder("users:\n");
        users.forEach((name, e) -> yaml.append("  - username: ").append(name).append('\n')
                .append("    role: ").append(e.role()).append('\n')
                .append("    careTeams: [").append(String.join(", ", e.careTeams())).append("]\n")
                .append("    passwordHash: '").append(BCRYPT.encode(e.password())).append("'\n"));
        try {
            return Files.writeString(Files.createDirectories(dir).resolve("users.yaml"), yaml).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
