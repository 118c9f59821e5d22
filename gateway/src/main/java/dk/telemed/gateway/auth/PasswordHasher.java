package dk.telemed.gateway.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Password hashes as PHC strings: new ones are argon2id; argon2id and bcrypt ({@code $2a$},
 * {@code $2b$}, {@code $2y$}) are accepted. Every check costs real CPU and memory: call
 * {@link #matches} on a worker thread, never on the event loop.
 */
public final class PasswordHasher {
    /** argon2id with OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane. */
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final Pattern ARGON2ID = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=\\d{1,8},t=\\d{1,4},p=\\d{1,3}\\$[A-Za-z0-9+/]{11,}\\$[A-Za-z0-9+/]{22,}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12]\\d|3[01])\\$[./A-Za-z0-9]{53}");

    private final Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM,
            MEMORY_KIB, ITERATIONS);
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

    /** A new argon2id PHC string for this password, with a fresh random salt. */
    public String hash(CharSequence password) {
        return argon2.encode(password);
    }

    /** Whether the password matches the hash; false (never an exception) for a hash that is not well formed. */
    public boolean matches(CharSequence password, String hash) {
        try {
            if (ARGON2ID.matcher(hash).matches()) {
                return argon2.matches(password, hash);
            }
            // bcrypt reads at most 72 bytes; refusing longer passwords keeps two "different" ones from matching.
            return BCRYPT.matcher(hash).matches() && password.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 72
                    && bcrypt.matches(password, hash);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A hash of a random password nobody knows, made with the same cost as new hashes: an
     * unknown username is checked against it so that it takes as long as a wrong password.
     */
    public String unguessableHash() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return hash(Base64.getEncoder().encodeToString(random));
    }

    /** What is wrong with a stored hash, or empty when it is an argon2id or bcrypt PHC string. */
    public static Optional<String> problem(String hash) {
        if (hash == null || hash.isBlank()) {
            return Optional.of("passwordHash is missing");
        }
        if (ARGON2ID.matcher(hash).matches() || BCRYPT.matcher(hash).matches()) {
            return Optional.empty();
        }
        return Optional.of("passwordHash is not an argon2id ($argon2id$v=19$m=…,t=…,p=…$…$…) or bcrypt ($2a$/$2b$/$2y$) "
                + "PHC string; make one with: java -jar telemed-gateway.jar hash-password");
    }
}
