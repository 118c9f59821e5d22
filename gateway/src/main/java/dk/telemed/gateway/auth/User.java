package dk.telemed.gateway.auth;

import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.Set;

/** A signed-in person: who, with which rights, for which care teams. */
public record User(String username, Role role, Set<String> careTeams) {
    /** Where the sign-in handler leaves the user of a request for the handlers after it. */
    public static final String CONTEXT_KEY = "telemed.user";

    public User {
        careTeams = Set.copyOf(careTeams);
    }

    public static Optional<User> of(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(CONTEXT_KEY));
    }

    /** Whether this user may see a patient of {@code careTeam}. */
    public boolean mayRead(String careTeam) {
        return role.seesPatients() && careTeams.contains(careTeam);
    }
}
