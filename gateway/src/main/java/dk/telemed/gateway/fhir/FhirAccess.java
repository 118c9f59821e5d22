package dk.telemed.gateway.fhir;

import dk.telemed.gateway.auth.ClientTokens;
import dk.telemed.gateway.auth.User;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Who is reading: a system with a bearer token from the clients file, or a signed-in user of
 * the dashboard (the session). Either sees the patients of its care teams only.
 */
final class FhirAccess {
    /** A reader as the audit log names it: {@code client:NAME} for a system. */
    record Reader(String name, String role, Predicate<String> mayReadTeam) {
    }

    /** Why no reader: no credentials at all, or a token that is not (or no longer) valid. */
    enum Refusal { NONE, BAD_TOKEN }

    private final ClientTokens clients;
    private final Function<RoutingContext, Optional<User>> sessionUser;

    FhirAccess(ClientTokens clients, Function<RoutingContext, Optional<User>> sessionUser) {
        this.clients = clients;
        this.sessionUser = sessionUser;
    }

    /** The reader, or why there is none (the request is then answered 401). */
    Object reader(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Refusal.BAD_TOKEN;
            }
            Optional<ClientTokens.Client> client = clients.authenticate(authorization.substring(7));
            return client.<Object>map(c -> new Reader("client:" + c.name(), "system", c::mayRead)).orElse(Refusal.BAD_TOKEN);
        }
        return sessionUser.apply(ctx).<Object>map(u -> new Reader(u.username(), u.role().wireName(), u::mayRead))
                .orElse(Refusal.NONE);
    }
}
