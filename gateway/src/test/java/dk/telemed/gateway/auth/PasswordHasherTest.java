package dk.telemed.gateway.auth;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void newHashesAreArgon2idPhcStringsThatVerify() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(PasswordHasher.problem(hash)).isEmpty();
        assertThat(hasher.matches("correct horse battery", hash)).isTrue();
        assertThat(hasher.matches("correct horse batterz", hash)).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferBySalt() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void bcryptHashesOfEveryPrefixAreAccepted() {
        String b = new BCryptPasswordEncoder(4).encode("pass-word-1");
        for (String prefix : new String[] {"$2a$", "$2b$", "$2y$"}) {
            String hash = prefix + b.substring(4);
            assertThat(PasswordHasher.problem(hash)).as(prefix).isEmpty();
            assertThat(hasher.matches("pass-word-1", hash)).as(prefix).isTrue();
            assertThat(hasher.matches("pass-word-2", hash)).as(prefix).isFalse();
        }
    }

    @Test
    void aBcryptPasswordLongerThan72BytesNeverMatches() {
        String base = "x".repeat(72);
        String hash = new BCryptPasswordEncoder(4).encode(base);
        assertThat(hasher.matches(base, hash)).isTrue();
        assertThat(hasher.matches(base + "anything", hash)).isFalse();
    }

    @Test
    void malformedHashesAreNamedAndNeverMatch() {
        for (String bad : new String[] {"", "plaintext", "$argon2i$v=19$m=16,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$2x$10$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyzABCDE", "$argon2id$v=19$m=19456,t=2,p=1$$"}) {
            assertThat(PasswordHasher.problem(bad)).as(bad).hasValueSatisfying(p -> assertThat(p).contains("passwordHash"));
            assertThat(hasher.matches("anything", bad)).as(bad).isFalse();
        }
        assertThat(PasswordHasher.problem(null)).isPresent();
    }

    @Test
    void theHashForUnknownUsersMatchesNoPasswordAnyoneSends() {
        String hash = hasher.unguessableHash();
        assertThat(PasswordHasher.problem(hash)).isEmpty();
        assertThat(hasher.matches("", hash)).isFalse();
        assertThat(hasher.matches("password", hash)).isFalse();
    }
}
