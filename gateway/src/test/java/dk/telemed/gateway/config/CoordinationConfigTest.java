package dk.telemed.gateway.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoordinationConfigTest {
    private static final CoordinationConfig GOOD =
            new CoordinationConfig("zk1:2181,zk2:2181,10.0.0.3:2181", 10_000, 5_000, "/telemed/gateway/election", "gw-a");

    @Test
    void byDefaultAGatewayRunsAloneWithoutAnEngine() throws Exception {
        CoordinationConfig c = new ConfigLoader(Map.of()).load(Optional.empty()).coordination();
        assertThat(c.enabled()).isFalse();
        assertThat(c.connect()).isEmpty();
        assertThat(c.sessionTimeoutMs()).isEqualTo(10_000);
        assertThat(c.electionPath()).isEqualTo("/telemed/gateway/election");
        assertThat(c.memberOr("host-1")).isEqualTo("host-1");
    }

    @Test
    void theEnvironmentJoinsAGatewayToAnEnsembleUnderItsOwnName() throws Exception {
        CoordinationConfig c = new ConfigLoader(Map.of("TELEMED_COORDINATION_CONNECT", "127.0.0.1:2181,127.0.0.1:2182",
                "TELEMED_COORDINATION_MEMBER", "gw-b", "TELEMED_COORDINATION_SESSION_TIMEOUT_MS", "6000"))
                .load(Optional.empty()).coordination();
        assertThat(c.enabled()).isTrue();
        assertThat(c.connect()).isEqualTo("127.0.0.1:2181,127.0.0.1:2182");
        assertThat(c.memberOr("host-1")).isEqualTo("gw-b");
        assertThat(c.sessionTimeoutMs()).isEqualTo(6000);
    }

    @Test
    void aValidSectionHasNoProblems() {
        Problems p = new Problems();
        GOOD.validate(p);
        assertThat(p.list()).isEmpty();
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        Problems p = new Problems();
        new CoordinationConfig("zk1:2181, zk2 ,zk3:99999", 1_999, 99, "telemed/election/", "gw a").validate(p);
        assertThat(p.list()).containsExactlyInAnyOrder(
                "coordination.connect: 'zk2' is not host:port; the value is a comma-separated list of the engine's"
                        + " nodes, e.g. zk1:2181,zk2:2181,zk3:2181, or empty for a single gateway",
                "coordination.connect: 'zk3:99999' is not host:port; the value is a comma-separated list of the"
                        + " engine's nodes, e.g. zk1:2181,zk2:2181,zk3:2181, or empty for a single gateway",
                "coordination.sessionTimeoutMs: must be between 2000 and 120000, is 1999",
                "coordination.connectionTimeoutMs: must be between 100 and 120000, is 99",
                "coordination.electionPath: 'telemed/election/' is not an absolute znode path such as /telemed/election"
                        + " (letters, digits, . _ -; not under /zookeeper)",
                "coordination.member: 'gw a' must be empty (the host name) or 1 to 64 letters, digits, . _ -,"
                        + " starting with a letter or digit");
    }

    @Test
    void theEdgesOfTheSessionTimeoutAndPathRules() {
        assertThat(problems(new CoordinationConfig("zk:2181", 2_000, 100, "/a", ""))).isEmpty();
        assertThat(problems(new CoordinationConfig("zk:2181", 120_000, 120_000, "/a/b.c_d-e", ""))).isEmpty();
        assertThat(problems(new CoordinationConfig("zk:2181", 120_001, 5_000, "/a", ""))).hasSize(1);
        assertThat(problems(new CoordinationConfig("zk:2181", 10_000, 5_000, "/a//b", ""))).hasSize(1);
        assertThat(problems(new CoordinationConfig("zk:2181", 10_000, 5_000, "/a/..", ""))).hasSize(1);
        assertThat(problems(new CoordinationConfig("zk:2181", 10_000, 5_000, "/zookeeper/x", ""))).hasSize(1);
        assertThat(problems(new CoordinationConfig("zk:0", 10_000, 5_000, "/a", ""))).hasSize(1);
        assertThat(problems(new CoordinationConfig("zk:2181,", 10_000, 5_000, "/a", ""))).hasSize(1);
        assertThat(problems(new CoordinationConfig("", 10_000, 5_000, "/a", "x".repeat(64)))).isEmpty();
        assertThat(problems(new CoordinationConfig("", 10_000, 5_000, "/a", "x".repeat(65)))).hasSize(1);
    }

    @Test
    void aBadValueInAnOperatorFileStopsTheStartNamingTheKeyAndTheFile() throws Exception {
        Path file = Files.createTempFile("gateway", ".yaml");
        try {
            Files.writeString(file, "coordination:\n  connect: \"zk1\"\n  sessionTimeoutMs: 500\n");
            assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("coordination.connect: 'zk1' is not host:port")
                    .hasMessageContaining("coordination.sessionTimeoutMs: must be between 2000 and 120000, is 500 (set by "
                            + file + ")");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static java.util.List<String> problems(CoordinationConfig c) {
        Problems p = new Problems();
        c.validate(p);
        return p.list();
    }
}
