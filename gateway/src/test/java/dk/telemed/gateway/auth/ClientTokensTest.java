package dk.telemed.gateway.auth;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientTokensTest {
    final SecureRandom random = new SecureRandom();
    final ClientTokensParser parser = new ClientTokensParser();

    @Test
    void aTokenFindsItsClientAndOnlyItsHashIsKept() throws Exception {
        String token = ClientTokens.newToken(random);
        assertThat(token).hasSize(43);
        ClientTokens tokens = parser.parse("""
                clients:
                  - name: gp-nord
                    careTeams: [nord-akut, nord-dag]
                    tokenHash: "%s"
                """.formatted(ClientTokens.hashed(token)), "clients.yaml");
        ClientTokens.Client client = tokens.authenticate(token).orElseThrow();
        assertThat(client.name()).isEqualTo("gp-nord");
        assertThat(client.mayRead("nord-dag")).isTrue();
        assertThat(client.mayRead("syd")).isFalse();
        assertThat(client.tokenHash()).doesNotContain(token);
        assertThat(tokens.authenticate(token + "x")).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
    }

    @Test
    void theCommandPrintsTheTokenOnceAndAnEntryThatParses() throws Exception {
        String out = ClientTokens.newClientEntry("hospital", java.util.List.of("syd"), random);
        String token = out.lines().skip(1).findFirst().orElseThrow().strip();
        String yaml = "clients:\n" + out.substring(out.indexOf("  - name:"));
        assertThat(parser.parse(yaml, "printed").authenticate(token)).isPresent();
    }

    @Test
    void everyProblemOfTheFileIsNamedAtOnce() {
        assertThatThrownBy(() -> parser.parse("""
                clients:
                  - name: "bad name"
                    careTeams: []
                    tokenHash: "plain"
                """, "clients.yaml"))
                .hasMessageContaining("clients[0].name").hasMessageContaining("clients[0].careTeams")
                .hasMessageContaining("clients[0].tokenHash");
    }

    @Test
    void aMistypedKeyIsNamedAndTheOtherEntriesAreStillChecked() {
        assertThatThrownBy(() -> parser.parse("""
                clients:
                  - name: gp-system
                    careTeam: [nord-akut]
                    tokenHash: "sha256:0000000000000000000000000000000000000000000000000000000000000000"
                  - name: lab
                    careTeams: nord-akut
                    tokenHash: "plain"
                """, "clients.yaml"))
                .hasMessageContaining("clients[0]: 'careTeam' is not a key of a client (known: name, careTeams, tokenHash)")
                .hasMessageContaining("clients[0].careTeams must list at least one care team")
                .hasMessageContaining("clients.yaml: clients[1]: careTeams is of the wrong kind (expected a list");
    }

    @Test
    void noFileMeansNoClients() throws Exception {
        assertThat(parser.load(java.nio.file.Path.of("target/no-such-clients.yaml")).size()).isZero();
        assertThat(parser.parse("", "empty").size()).isZero();
    }

    @Test
    void theShippedClientsFileParsesAndHoldsNoToken() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of("").toAbsolutePath();
        while (!java.nio.file.Files.exists(root.resolve("config/clients.yaml"))) {
            root = root.getParent();
        }
        assertThat(parser.load(root.resolve("config/clients.yaml")).size()).isZero();
    }
}
