package dk.telemed.gateway.auth;

import dk.telemed.gateway.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsersFileTest {
    private static final String HASH = new BCryptPasswordEncoder(4).encode("secret-password");

    @TempDir
    Path dir;

    @Test
    void readsEveryUserWithRoleAndCareTeams() throws Exception {
        Users users = UsersFile.parse("users.yaml", """
                users:
                  - username: nina
                    role: nurse
                    careTeams: [nord-akut]
                    passwordHash: '%1$s'
                  - username: carl
                    role: clinician
                    careTeams: [nord-akut, syd-hjemmepleje]
                    passwordHash: '%1$s'
                  - username: adam
                    role: admin
                    careTeams: []
                    passwordHash: '%1$s'
                """.formatted(HASH));
        assertThat(users.size()).isEqualTo(3);
        assertThat(users.find("carl")).hasValueSatisfying(a -> {
            assertThat(a.user()).isEqualTo(new User("carl", Role.CLINICIAN, Set.of("nord-akut", "syd-hjemmepleje")));
            assertThat(a.passwordHash()).isEqualTo(HASH);
            assertThat(a.toString()).doesNotContain(HASH);
        });
        assertThat(users.find("adam").orElseThrow().user().role()).isEqualTo(Role.ADMIN);
        assertThat(users.find("Nina")).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceNamingFileAndEntry() {
        assertThatThrownBy(() -> UsersFile.parse("/etc/telemed/users.yaml", """
                users:
                  - username: nina
                    role: doctor
                    careTeams: [nord-akut]
                    passwordHash: '%1$s'
                  - username: olga
                    role: nurse
                    careTeams: [nord-akut]
                    passwordHash: 'hunter2'
                  - username: olga
                    role: nurse
                    careTeams: [nord-akut]
                    passwordHash: '%1$s'
                  - username: olga2
                    role: nurse
                    careTeams: [nord-akut]
                    passwordHash: '%1$s'
                  - username: olga2
                    role: nurse
                    careTeams: [syd]
                    passwordHash: '%1$s'
                  - username: bo
                    role: clinician
                    passwordHash: '%1$s'
                  - username: ada
                    role: admin
                    careTeams: [nord-akut]
                    passwordHash: '%1$s'
                    password: plain
                """.formatted(HASH)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/etc/telemed/users.yaml: users[0] (nina): role 'doctor' is not one of nurse, clinician, admin")
                .hasMessageContaining("users[1] (olga): passwordHash is not an argon2id")
                .hasMessageContaining("users[4] (olga2): username appears more than once")
                .hasMessageContaining("users[5] (bo): a clinician needs at least one care team")
                .hasMessageContaining("users[6] (ada): 'password' is not a key of a user")
                .hasMessageContaining("users[6] (ada): an admin sees no patients")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(HASH).doesNotContain("hunter2"));
    }

    @Test
    void aValueOfTheWrongKindIsNamedAndTheOtherEntriesAreStillChecked() {
        assertThatThrownBy(() -> UsersFile.parse("users.yaml", """
                users:
                  - username: nina
                    role: nurse
                    careTeams: nord-akut
                    passwordHash: '%1$s'
                  - username: olga
                    role: nurse
                    careTeams: [nord-akut]
                  - just text
                """.formatted(HASH)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("users.yaml: users[0] (nina): careTeams is of the wrong kind (expected a list")
                .hasMessageContaining("users.yaml: users[1] (olga): passwordHash")
                .hasMessageContaining("users.yaml: users[2]: must be a mapping of username, role, careTeams, passwordHash");
    }

    @Test
    void aFileThatIsNotAUsersListIsRefused() {
        assertThatThrownBy(() -> UsersFile.parse("u.yaml", "people: []\n")).hasMessageContaining("u.yaml: must hold one key, 'users'");
        assertThatThrownBy(() -> UsersFile.parse("u.yaml", "users: [\n")).hasMessageContaining("u.yaml line");
    }

    @Test
    void noFileMeansNoUsersSoEverySignInIsRefused() throws Exception {
        assertThat(UsersFile.load(dir.resolve("absent.yaml").toString()).size()).isZero();
        assertThat(UsersFile.load("").size()).isZero();
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "users: []\n");
        assertThat(UsersFile.load(empty.toString()).size()).isZero();
    }

    @Test
    void theShippedExampleIsAValidUsersFile() throws Exception {
        Path root = Path.of(System.getProperty("telemed.project.root", "..")).toAbsolutePath().normalize();
        Users example = UsersFile.load(root.resolve("config/users.example.yaml").toString());
        assertThat(example.size()).isPositive();
    }
}
