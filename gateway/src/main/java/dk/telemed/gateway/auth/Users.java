package dk.telemed.gateway.auth;

import java.util.Map;
import java.util.Optional;

/** The people who may sign in, by username (exact, case-sensitive). */
public final class Users {
    /** One entry of the users file. The hash never leaves the sign-in code. */
    public record Account(User user, String passwordHash) {
        @Override
        public String toString() {
            return "Account[" + user + "]";
        }
    }

    private final Map<String, Account> byName;

    public Users(Map<String, Account> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** No users file: every sign-in is refused. */
    public static Users none() {
        return new Users(Map.of());
    }

    public Optional<Account> find(String username) {
        return Optional.ofNullable(byName.get(username));
    }

    public int size() {
        return byName.size();
    }
}
