package dk.telemed.gateway.api;

import dk.telemed.gateway.alerts.AlertEventJson;
import dk.telemed.gateway.auth.SessionAuth;
import dk.telemed.gateway.auth.User;
import dk.telemed.gateway.config.ApiConfig;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import dk.telemed.gateway.rules.AlertSink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code GET /api/events}: server-sent events for the user's care teams. {@code event: alert}
 * for every alert event as it goes out (the event body of interface section 3 plus
 * {@code state}); {@code event: reading} for stored readings, coalesced per patient and type
 * to the newest within each interval, so a busy gateway does not flood a browser; a comment
 * line as heartbeat. A browser that does not keep up is disconnected (EventSource reconnects
 * and the page re-reads the lists) rather than buffered for without bound.
 *
 * <p>All state lives on the gateway's event-loop context.
 */
public final class EventStream implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private record Stream(User user, Optional<String> sessionId, HttpServerResponse response) {
    }

    private final Vertx vertx;
    private final Context context;
    private final ApiConfig config;
    private final Supplier<PatientRegistry> registry;
    private final Predicate<String> sessionLive;
    private PatientAccess access;
    private final AlertEventJson json = new AlertEventJson();
    private final List<Stream> streams = new ArrayList<>();
    private final Map<String, Map<MeasurementType, Reading>> pending = new LinkedHashMap<>();
    private final List<Long> timers = new ArrayList<>();

    /**
     * @param context     the gateway's event-loop context, where the HTTP server and the rules run
     * @param sessionLive whether the session of a stream's cookie is still live; checked at every heartbeat
     */
    public EventStream(Vertx vertx, Context context, ApiConfig config, Supplier<PatientRegistry> registry,
                       Predicate<String> sessionLive) {
        this.vertx = vertx;
        this.context = context;
        this.config = config;
        this.registry = registry;
        this.sessionLive = sessionLive;
    }

    void mount(Router router, PatientAccess audit) {
        this.access = audit;
        Routes.plain(router.get("/api/events"), this::open);
    }

    public void start() {
        onContext(() -> {
            timers.add(vertx.setPeriodic(config.eventReadingIntervalMs(), id -> flushReadings()));
            timers.add(vertx.setPeriodic(config.eventHeartbeatSeconds() * 1000L, id -> heartbeat()));
        });
    }

    public void stop() {
        onContext(() -> {
            timers.forEach(vertx::cancelTimer);
            new ArrayList<>(streams).forEach(s -> s.response().end());
            streams.clear();
        });
    }

    /** An alert event went out (called once the durable alert hooks have it). */
    @Override
    public Future<Void> publish(AlertEvent e) {
        onContext(() -> {
            if (streams.isEmpty()) {
                return;
            }
            JsonObject body = new JsonObject(new String(json.write(e), StandardCharsets.UTF_8))
                    .put("state", AlertState.after(e.event()).wireName());
            broadcast(s -> s.user().mayRead(e.careTeam()), "event: alert\ndata: " + body.encode() + "\n\n", false);
        });
        return Future.succeededFuture();
    }

    /** Readings were stored; only the newest per patient and type waits for the next interval. */
    public void readings(List<Reading> stored) {
        onContext(() -> {
            if (streams.isEmpty()) {
                return;
            }
            for (Reading r : stored) {
                pending.computeIfAbsent(r.patientId(), k -> new EnumMap<>(MeasurementType.class))
                        .merge(r.type(), r, (a, b) -> b.ts().isAfter(a.ts()) ? b : a);
            }
        });
    }

    int streamCount() {
        return streams.size();
    }

    private void open(RoutingContext ctx) {
        User user = PatientAccess.user(ctx);
        if (streams.size() >= config.maxEventStreams()) {
            throw new ApiError(503, "too many live streams open; try again in a minute");
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store").putHeader("x-accel-buffering", "no");
        Cookie cookie = ctx.request().getCookie(SessionAuth.COOKIE);
        Stream stream = new Stream(user, Optional.ofNullable(cookie).map(Cookie::getValue), response);
        streams.add(stream);
        response.closeHandler(v -> streams.remove(stream));
        response.exceptionHandler(e -> streams.remove(stream));
        access.record(user, "open-event-stream", Optional.empty(), PatientAccess.OK, "care teams " + String.join(", ", user.careTeams()));
        // The first bytes send the headers, so the browser knows the stream is open.
        response.write("retry: 3000\n: connected\n\n");
    }

    /** Ends the streams whose session ended (signed out, expired), then keeps the others' connections warm. */
    private void heartbeat() {
        for (Stream s : new ArrayList<>(streams)) {
            if (s.sessionId().isPresent() && !sessionLive.test(s.sessionId().get())) {
                streams.remove(s);
                s.response().end();
            }
        }
        broadcast(s -> true, ": heartbeat\n\n", true);
    }

    private void flushReadings() {
        if (pending.isEmpty()) {
            return;
        }
        PatientRegistry now = registry.get();
        Map<String, Map<MeasurementType, Reading>> due = new LinkedHashMap<>(pending);
        pending.clear();
        due.forEach((patientId, byType) -> {
            Optional<String> team = now.patient(patientId).map(Patient::careTeam);
            if (team.isEmpty()) {
                return;
            }
            StringBuilder text = new StringBuilder();
            byType.values().forEach(r -> text.append("event: reading\ndata: ").append(new JsonObject()
                    .put("patient", r.patientId()).put("type", r.type().wireName()).put("value", r.value())
                    .put("unit", r.type().canonicalUnit()).put("ts", r.ts().toString()).encode()).append("\n\n"));
            broadcast(s -> s.user().mayRead(team.get()), text.toString(), true);
        });
    }

    private void broadcast(Predicate<Stream> to, String text, boolean droppable) {
        for (Stream s : new ArrayList<>(streams)) {
            if (!to.test(s)) {
                continue;
            }
            if (s.response().writeQueueFull()) {
                if (!droppable) {
                    LOG.info("closing a live stream of user {} that does not keep up", s.user().username());
                    streams.remove(s);
                    s.response().reset();
                }
                continue;
            }
            s.response().write(text);
        }
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
