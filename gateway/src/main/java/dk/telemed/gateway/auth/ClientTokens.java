package dk.telemed.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The systems allowed to read the FHIR interface with a bearer token (the GP's and the
 * hospital's records, the national infrastructure), each scoped to care teams. Only the
 * SHA-256 of each token is kept: the tokens are 256 random bits, so a hash without salt or
 * stretching is as strong as the token, and a stolen clients file gives no token away.
 */
public final class ClientTokens {
    /** One system: its name (for the audit log), its care teams and its token's hash ({@code sha256:<hex>}). */
    public record Client(String name, Set<String> careTeams, String tokenHash) {
        public Client {
            careTeams = Set.copyOf(careTeams);
        }

        public boolean mayRead(String careTeam) {
            return careTeams.contains(careTeam);
        }
    }

    static final String HASH_PREFIX = "sha256:";
    private static final int TOKEN_BYTES = 32;

    private final List<Client> clients;

    public ClientTokens(List<Client> clients) {
        this.clients = List.copyOf(clients);
    }

    public int size() {
        return clients.size();
    }

    /** The client whose token this is. Every hash is compared, in constant time, so timing tells nothing. */
    public Optional<Client> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = (HASH_PREFIX + hash(token.strip())).getBytes(StandardCharsets.US_ASCII);
        Client found = null;
        for (Client c : clients) {
            if (MessageDigest.isEqual(presented, c.tokenHash().getBytes(StandardCharsets.US_ASCII))) {
                found = c;
            }
        }
        return Optional.ofNullable(found);
    }

    /** A new random token (URL-safe Base64 of 256 bits). */
    public static String newToken(SecureRandom random) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The form kept in the clients file. */
    public static String hashed(String token) {
        return HASH_PREFIX + hash(token);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * {@code new-client-token NAME TEAM...}: prints a new token once, and the entry to add to the
     * clients file. The file is left to the operator, who may keep it under configuration
     * management; the token itself is stored nowhere.
     */
    public static String newClientEntry(String name, List<String> teams, SecureRandom random) {
        String token = newToken(random);
        return "token (shown once; give it to the system, keep no copy):\n  " + token + "\n\n"
                + "add to the clients file (fhir.clients, default config/clients.yaml) under clients:\n"
                + "  - name: " + name + "\n"
                + "    careTeams: [" + String.join(", ", teams) + "]\n"
                + "    tokenHash: \"" + hashed(token) + "\"\n";
    }
}
