package dk.telemed.gateway.api;

import dk.telemed.gateway.auth.User;
import dk.telemed.gateway.config.ApiConfig;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The care teams' alert list and acknowledging (interface section 6). Acknowledging goes
 * through the rules engine, which records the state and sends the {@code acknowledged} event
 * through the alert hooks (MQTT, webhooks, the alerts measurement) naming who. An alert that
 * is already acknowledged or resolved answers 409 with the alert as it stands; an unknown one 404.
 */
public final class AlertsApi {
    /** Which alerts {@code GET /api/alerts?state=} lists: those open now, or also those resolved lately. */
    enum Listing {
        OPEN, ALL;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Listing> fromWireName(String text) {
            return Arrays.stream(values()).filter(l -> l.wireName().equals(text)).findFirst();
        }
    }

    static final int MAX_NOTE = 2000;
    /** A note to the patient is shown on a home device's small screen. */
    static final int MAX_PATIENT_NOTE = 500;

    private final PatientAccess access;
    private final RulesView rules;
    private final ClinicalQueries queries;
    private final ApiConfig config;
    private final AlertViews views = new AlertViews();
    private final AcknowledgementListener onAcknowledged;

    public AlertsApi(PatientAccess access, RulesView rules, ClinicalQueries queries, ApiConfig config, AcknowledgementListener acknowledged) {
        this.onAcknowledged = acknowledged;
        this.access = access;
        this.rules = rules;
        this.queries = queries;
        this.config = config;
    }

    void mount(Router router) {
        Routes.json(router.get("/api/alerts"), this::list);
        router.post("/api/alerts/:alertId/ack").handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
        Routes.plain(router.post("/api/alerts/:alertId/ack"), this::acknowledge);
    }

    private Future<JsonArray> list(RoutingContext ctx) {
        User user = PatientAccess.user(ctx);
        String stateParam = Params.optional(ctx, "state").orElse(Listing.OPEN.wireName());
        Listing state = Listing.fromWireName(stateParam).orElseThrow(() ->
                new BadRequest("bad parameter state", List.of("state: '" + stateParam + "' must be open or all")));
        Optional<String> team = Params.optional(ctx, "careTeam");
        if (team.isPresent() && !user.careTeams().contains(team.get())) {
            access.record(user, "list-alerts", Optional.empty(), PatientAccess.DENIED, "care team " + team.get());
            throw new ApiError(403, "care team " + team.get() + " is not one of yours");
        }
        Future<List<OpenAlert>> open = rules.openAlerts().map(all -> all.stream()
                .filter(a -> visible(user, team, a.key().patient(), a.careTeam()))
                .sorted(Comparator.comparing(OpenAlert::severity).thenComparing(PatientStatus::since)).toList());
        Future<JsonArray> body = state == Listing.OPEN
                ? open.map(list -> {
                    JsonArray array = new JsonArray();
                    list.forEach(a -> array.add(views.open(a)));
                    return array;
                })
                : Future.all(open, queries.alertPoints(Optional.empty(), config.alertsLookbackDays())).map(all ->
                        ReadingsApi.merge(all.resultAt(0), AlertHistory.of(all.<List<AlertHistory.Point>>resultAt(1)).stream()
                                .filter(e -> visible(user, team, e.patient(), e.careTeam())).toList(), views));
        return body.onSuccess(list -> access.record(user, "list-alerts", Optional.empty(), PatientAccess.OK,
                "state " + state + team.map(t -> ", care team " + t).orElse("") + ": " + list.size() + " alerts"));
    }

    /**
     * An alert is about a patient, so it is the patient's care team now that decides who sees
     * it (the team it was raised for only when the patient has left the registry).
     */
    private boolean visible(User user, Optional<String> asked, String patient, String raisedFor) {
        String team = access.registry().patient(patient).map(Patient::careTeam).orElse(raisedFor);
        return user.mayRead(team) && asked.map(team::equals).orElse(true);
    }

    private void acknowledge(RoutingContext ctx) {
        User user = PatientAccess.user(ctx);
        String alertId = ctx.pathParam("alertId");
        Optional<String> note = text(ctx, "note", MAX_NOTE);
        Optional<String> patientNote = text(ctx, "patientNote", MAX_PATIENT_NOTE);
        rules.openAlerts().onComplete(r -> {
            if (r.failed()) {
                Routes.fail(ctx, r.cause());
                return;
            }
            Optional<OpenAlert> open = r.result().stream().filter(a -> a.alertId().equals(alertId)).findFirst();
            try {
                if (open.isPresent()) {
                    acknowledgeOpen(ctx, user, open.get(), note, patientNote);
                } else {
                    acknowledgeGone(ctx, alertId);
                }
            } catch (ApiError e) {
                Routes.fail(ctx, e);
            }
        });
    }

    private void acknowledgeOpen(RoutingContext ctx, User user, OpenAlert alert, Optional<String> note, Optional<String> patientNote) {
        String patient = alert.key().patient();
        access.patient(ctx, patient, "ack-alert");
        if (alert.state() == AlertState.ACKNOWLEDGED) {
            access.record(user, "ack-alert", Optional.of(patient), PatientAccess.CONFLICT, "alert " + alert.alertId() + " already acknowledged");
            conflict(ctx, "alert " + alert.alertId() + " was already acknowledged by " + alert.acknowledgedBy().orElse("?"),
                    views.open(alert));
            return;
        }
        rules.acknowledge(alert.alertId(), user.username(), note).onSuccess(acknowledged -> {
            access.record(user, "ack-alert", Optional.of(patient), PatientAccess.OK, "alert " + alert.alertId());
            // The patient hears of it once the broker has the message; the nurse's answer does not wait for the device.
            onAcknowledged.acknowledged(acknowledged, patientNote).onFailure(e -> org.slf4j.LoggerFactory.getLogger(AlertsApi.class)
                    .warn("the patient of alert {} was not told it was seen: {}", alert.alertId(), e.getMessage()));
            Replies.ok(ctx, views.open(acknowledged));
        }).onFailure(e -> {
            if (e instanceof NoSuchElementException) {
                access.record(user, "ack-alert", Optional.of(patient), PatientAccess.CONFLICT, "alert " + alert.alertId() + " resolved meanwhile");
                conflict(ctx, "alert " + alert.alertId() + " resolved before it could be acknowledged", null);
            } else {
                Routes.fail(ctx, e);
            }
        });
    }

    /** Not open: resolved (409, once the patient is checked) or never known (404). */
    private void acknowledgeGone(RoutingContext ctx, String alertId) {
        queries.alertPoints(alertId, config.alertsLookbackDays()).onComplete(r -> {
            if (r.failed()) {
                Routes.fail(ctx, r.cause());
                return;
            }
            List<AlertHistory.Entry> history = AlertHistory.of(r.result());
            try {
                if (history.isEmpty() && !rules.settled()) {
                    throw new ApiError(503, "alert " + alertId + " is not known yet: this gateway has just started or taken over,"
                            + " and an alert raised a moment before may still be on its way; try again in a few seconds");
                }
                if (history.isEmpty()) {
                    access.record(ctx, "ack-alert", Optional.empty(), PatientAccess.NOT_FOUND, "alert " + alertId);
                    throw new ApiError(404, "no alert " + alertId);
                }
                AlertHistory.Entry entry = history.get(0);
                access.patient(ctx, entry.patient(), "ack-alert");
                access.record(ctx, "ack-alert", Optional.of(entry.patient()), PatientAccess.CONFLICT, "alert " + alertId + " is " + entry.state().wireName());
                conflict(ctx, "alert " + alertId + " is " + entry.state().wireName() + " and can no longer be acknowledged", entry.json());
            } catch (ApiError e) {
                Routes.fail(ctx, e);
            }
        });
    }

    /** An optional text field of the body: the nurse's note, or the note to the patient. */
    private static Optional<String> text(RoutingContext ctx, String field, int max) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        JsonObject body;
        try {
            body = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new BadRequest("the body must be a JSON object", List.of("body: expected {\"note\": \"...\", \"patientNote\": \"...\"}"));
        }
        Object note = body.getValue(field);
        if (note == null) {
            return Optional.empty();
        }
        if (!(note instanceof String s) || s.length() > max) {
            throw new BadRequest("bad " + field, List.of(field + ": expected text of at most " + max + " characters"));
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    private static void conflict(RoutingContext ctx, String message, JsonObject alert) {
        Replies.json(ctx, 409, Replies.body(409, message).put("alert", alert));
    }
}
