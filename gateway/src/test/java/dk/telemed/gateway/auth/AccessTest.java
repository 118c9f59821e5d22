package dk.telemed.gateway.auth;

import dk.telemed.gateway.audit.AuditEntry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The care-team rule and the role rule on an in-process router, as the API's handlers use them. */
class AccessTest {
    private static final Map<String, String> CARE_TEAM_OF = Map.of("p-0001", "nord-akut", "p-0002", "syd-hjemmepleje");
    private final Vertx vertx = Vertx.vertx();
    private final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
    private final SharedSessions sessions = new SharedSessions(new Sessions(Clock.systemUTC(), Duration.ofMinutes(5),
            Duration.ofMinutes(10)), new MemoryLedger(), name -> Optional.empty(), Clock.systemUTC(), Duration.ofMinutes(10),
            Duration.ofMinutes(1));
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach
    void serve() throws Exception {
        SessionAuth auth = new SessionAuth(sessions, false);
        Access access = new Access(audit::add, Clock.systemUTC());
        Router router = Router.router(vertx);
        router.route("/api/*").handler(auth.resolve());
        router.get("/api/patients/:id").handler(auth.requireUser()).handler(ctx -> {
            String id = ctx.pathParam("id");
            if (access.checkPatient(ctx, CARE_TEAM_OF.get(id), id)) {
                access.record(ctx, "view-patient", id, "summary");
                ctx.response().end(User.of(ctx).orElseThrow().username() + " sees " + id);
            }
        });
        router.get("/api/admin-only").handler(auth.requireRole(Role.ADMIN)).handler(ctx -> ctx.response().end("ok"));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPatientOfTheUsersCareTeamIsServedAndTheViewRecorded() throws Exception {
        HttpResponse<String> r = get("/api/patients/p-0001", signIn(new User("nina", Role.NURSE, Set.of("nord-akut"))));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("nina sees p-0001");
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.username()).isEqualTo("nina");
            assertThat(e.action()).isEqualTo("view-patient");
            assertThat(e.patient()).contains("p-0001");
            assertThat(e.outcome()).isEqualTo(Access.ALLOWED);
        });
    }

    @Test
    void aPatientOfAnotherCareTeamIsAnsweredLikeAnUnknownOneAndAudited() throws Exception {
        HttpResponse<String> r = get("/api/patients/p-0002", signIn(new User("nina", Role.NURSE, Set.of("nord-akut"))));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"error\":\"not_found\"").doesNotContain("syd-hjemmepleje");
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.username()).isEqualTo("nina");
            assertThat(e.role()).isEqualTo("nurse");
            assertThat(e.patient()).contains("p-0002");
            assertThat(e.outcome()).isEqualTo(Access.DENIED);
            assertThat(e.detail()).isEqualTo("GET /api/patients/p-0002");
        });
    }

    @Test
    void anAdminSeesNoPatient() throws Exception {
        String admin = signIn(new User("adam", Role.ADMIN, Set.of()));
        assertThat(get("/api/patients/p-0001", admin).statusCode()).isEqualTo(404);
        assertThat(get("/api/admin-only", admin).statusCode()).isEqualTo(200);
    }

    @Test
    void theRoleRuleRefusesOtherRolesAndAnswers401WithoutASession() throws Exception {
        assertThat(get("/api/admin-only", signIn(new User("carl", Role.CLINICIAN, Set.of("nord-akut")))).statusCode()).isEqualTo(403);
        assertThat(get("/api/admin-only", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/patients/p-0001", "expired-or-made-up").statusCode()).isEqualTo(401);
    }

    private String signIn(User user) {
        return sessions.create(user).result().id();
    }

    private HttpResponse<String> get(String path, String sessionId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path));
        if (sessionId != null) {
            request.header("Cookie", SessionAuth.COOKIE + "=" + sessionId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
