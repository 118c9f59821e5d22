package dk.telemed.gateway.api;

import dk.telemed.gateway.audit.AuditEntry;
import dk.telemed.gateway.auth.Role;
import dk.telemed.gateway.auth.User;
import dk.telemed.gateway.config.ApiConfig;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.RegistryWatcher;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.ServerSentEvents;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live stream on a real HTTP server, behind a stand-in for the sign-in handler that puts
 * the user named in a header into the request: care-team filtering, coalesced readings,
 * heartbeats and the stream limit.
 */
class EventStreamTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static final Map<String, User> USERS = Map.of(
            "nina", new User("nina", Role.NURSE, Set.of("nord-akut")),
            "sofie", new User("sofie", Role.NURSE, Set.of("syd")),
            "adam", new User("adam", Role.ADMIN, Set.of()));

    @TempDir
    Path dir;
    Vertx vertx;
    EventStream events;
    HttpServer server;
    final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
    final List<ServerSentEvents> open = new ArrayList<>();
    final Set<String> liveSessions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Files.writeString(dir.resolve("patients.yaml"), """
                patients:
                  - { id: p-1, careTeam: nord-akut, conditions: [copd], devices: [oxi-1] }
                  - { id: p-2, careTeam: syd, conditions: [copd], devices: [oxi-2] }
                """);
        RegistryWatcher registry = RegistryWatcher.load(vertx, dir.resolve("patients.yaml"));
        Context context = vertx.getOrCreateContext();
        events = new EventStream(vertx, context, new ApiConfig(90, 5, 60, 90, 400, 400, 90, 300, 1, 2), registry, liveSessions::contains);
        Promise<HttpServer> listening = Promise.promise();
        context.runOnContext(v -> {
            Router router = Router.router(vertx);
            router.route("/api/*").handler(ctx -> {
                User user = USERS.get(ctx.request().getHeader("X-Test-User"));
                if (user != null) {
                    ctx.put(User.CONTEXT_KEY, user);
                }
                ctx.next();
            });
            events.mount(router, new PatientAccess(registry, audit::add, Clock.systemUTC()));
            events.start();
            vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").onComplete(listening);
        });
        server = listening.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        open.forEach(ServerSentEvents::close);
        events.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    ServerSentEvents connect(String user) {
        return open(user, Map.of());
    }

    ServerSentEvents open(String user, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("X-Test-User", user);
        ServerSentEvents s = ServerSentEvents.open("http://127.0.0.1:" + server.actualPort() + "/api/events", all);
        open.add(s);
        return s;
    }

    @Test
    void aFloodOfReadingsReachesTheCareTeamAsAFewEventsEndingWithTheNewest() {
        ServerSentEvents nina = connect("nina");
        ServerSentEvents sofie = connect("sofie");
        assertThat(nina.status()).isEqualTo(200);
        Await.until("both streams open", WAIT, () -> events.streamCount() == 2);

        for (int batch = 0; batch < 10; batch++) {
            List<Reading> readings = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                int n = batch * 100 + i;
                readings.add(new Reading("p-1", "oxi-1", MeasurementType.SPO2, T0.plusSeconds(n), 50 + n % 50));
            }
            events.readings(readings);
        }
        events.readings(List.of(new Reading("p-1", "oxi-1", MeasurementType.SPO2, T0.plusSeconds(5000), 97)));
        Await.until("the newest reading", WAIT, () -> nina.named("reading").stream().anyMatch(e -> e.data().contains("\"value\":97.0")));
        assertThat(nina.named("reading")).hasSizeLessThan(20);

        events.readings(List.of(new Reading("p-2", "oxi-2", MeasurementType.SPO2, T0, 93)));
        Await.until("syd's own reading", WAIT, () -> !sofie.named("reading").isEmpty());
        assertThat(sofie.named("reading")).allSatisfy(e -> assertThat(e.data()).contains("\"patient\":\"p-2\""));
        assertThat(audit).extracting(AuditEntry::action).contains("open-event-stream");
    }

    @Test
    void alertEventsGoToTheirCareTeamWithTheirState() {
        ServerSentEvents nina = connect("nina");
        ServerSentEvents sofie = connect("sofie");
        Await.until("both streams open", WAIT, () -> events.streamCount() == 2);

        events.publish(event("p-2", "syd", AlertEventType.RAISED));
        events.publish(event("p-1", "nord-akut", AlertEventType.ACKNOWLEDGED));
        Await.until("nina's alert", WAIT, () -> !nina.named("alert").isEmpty());
        assertThat(nina.named("alert")).singleElement().satisfies(e -> assertThat(e.data())
                .contains("\"patient\":\"p-1\"").contains("\"state\":\"acknowledged\"").contains("\"acknowledgedBy\":\"nina\""));
        Await.until("sofie's alert", WAIT, () -> !sofie.named("alert").isEmpty());
        assertThat(sofie.named("alert")).singleElement().satisfies(e -> assertThat(e.data()).contains("\"patient\":\"p-2\""));
        Await.until("a heartbeat", WAIT, () -> nina.comments().contains("heartbeat"));
    }

    @Test
    void aStreamEndsWithItsSession() {
        liveSessions.add("s-nina");
        ServerSentEvents nina = open("nina", Map.of("Cookie", "telemed_session=s-nina"));
        Await.until("the stream open", WAIT, () -> events.streamCount() == 1);
        Await.until("a heartbeat while the session lives", WAIT, () -> nina.comments().contains("heartbeat"));

        liveSessions.remove("s-nina");
        Await.until("the stream closed at the next heartbeat", WAIT, () -> events.streamCount() == 0);
    }

    @Test
    void withoutAUserOrBeyondTheLimitAStreamIsRefused() {
        assertThat(connect("nobody").status()).isEqualTo(401);
        connect("nina");
        connect("adam");
        Await.until("two streams open", WAIT, () -> events.streamCount() == 2);
        assertThat(connect("sofie").status()).isEqualTo(503);
    }

    static AlertEvent event(String patient, String team, AlertEventType type) {
        boolean acked = type == AlertEventType.ACKNOWLEDGED;
        return new AlertEvent("e-" + patient, "a-" + patient, type, patient, team, "spo2", Severity.RED, OptionalDouble.of(86),
                "%", "spo2.red.below", OptionalDouble.of(88), Optional.of(T0), T0, "SpO2 86 % is below 88 %", Optional.empty(),
                false, acked ? Optional.of("nina") : Optional.empty(), acked ? Optional.of(T0) : Optional.empty(), Optional.empty());
    }
}
