package dk.telemed.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.gateway.auth.User;
import dk.telemed.gateway.model.Mappers;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientSettings;
import dk.telemed.gateway.registry.RegistryWatcher;
import dk.telemed.gateway.registry.SettingsJson;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.store.SettingsStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A clinician changes a patient's thresholds, plan or passive intervals (docs/api.md). The
 * body has the registry file's shape and is checked by the registry's own parsers; the change
 * is stored in InfluxDB first ({@code patient_settings}), then put in force over the registry
 * file's entry, from the next reading. An empty body or DELETE clears the dashboard's value,
 * so the registry file's applies again. Changes run one at a time, so two clinicians editing
 * one patient's different fields do not undo each other.
 */
public final class SettingsApi {
    private static final ObjectMapper JSON = Mappers.json();
    private static final int MAX_BODY = 64 * 1024;

    private final PatientAccess access;
    private final RegistryWatcher registry;
    private final SettingsStore store;
    private final PatientViews views;
    private final Clock clock;
    private Future<?> tail = Future.succeededFuture();

    public SettingsApi(PatientAccess access, RegistryWatcher registry, SettingsStore store, ClinicalDefaults defaults, Clock clock) {
        this.access = access;
        this.registry = registry;
        this.store = store;
        this.views = new PatientViews(defaults);
        this.clock = clock;
    }

    void mount(Router router) {
        for (PatientSettings.Field field : PatientSettings.Field.values()) {
            String path = "/api/patients/:id/" + field.wireName();
            router.put(path).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
            Routes.json(router.put(path), ctx -> change(ctx, field, body(ctx)));
            Routes.json(router.delete(path), ctx -> change(ctx, field, Optional.empty()));
        }
    }

    private Future<JsonObject> change(RoutingContext ctx, PatientSettings.Field field, Optional<JsonNode> body) {
        String action = "change-" + field.wireName();
        Patient patient = access.patient(ctx, ctx.pathParam("id"), action);
        access.requireClinician(ctx, action, patient.id());
        User user = PatientAccess.user(ctx);
        Change change;
        try {
            change = parse(field, body);
        } catch (BadRequest e) {
            access.record(user, action, Optional.of(patient.id()), PatientAccess.INVALID, String.join("; ", e.problems()));
            throw e;
        }
        Future<JsonObject> done = tail.transform(x -> {
            Instant now = clock.instant();
            PatientSettings before = registry.settings(patient.id()).orElse(PatientSettings.none(patient.id(), user.username(), now));
            PatientSettings after = change.applyTo(before, user.username(), now);
            return store.save(after).map(v -> {
                Patient changed = registry.apply(after, "user " + user.username() + " on the dashboard").patient(patient.id()).orElseThrow();
                access.record(user, action, Optional.of(patient.id()), PatientAccess.OK, body.isPresent() ? "set" : "cleared to the registry file's");
                return view(changed);
            });
        });
        tail = done;
        return done;
    }

    private JsonObject view(Patient p) {
        return new JsonObject().put("id", p.id()).put("thresholds", views.thresholds(p)).put("plan", views.plan(p))
                .put("passive", PatientViews.passive(p)).put("settingsFrom", PatientViews.settingsFrom(registry.settings(p.id())));
    }

    /** A checked change of one field, ready to lay over the patient's settings. */
    interface Change {
        PatientSettings applyTo(PatientSettings s, String by, Instant at);
    }

    /** Checks a body with the registry's parsers, listing every problem; an empty body clears the field. */
    static Change parse(PatientSettings.Field field, Optional<JsonNode> body) {
        return switch (field) {
            case THRESHOLDS -> {
                var value = checked(field, body.map(SettingsJson::thresholds));
                yield (s, by, at) -> s.withThresholds(value, by, at);
            }
            case PLAN -> {
                var value = checked(field, body.map(SettingsJson::plan));
                yield (s, by, at) -> s.withPlan(value, by, at);
            }
            case PASSIVE -> {
                var value = checked(field, body.map(SettingsJson::passive));
                yield (s, by, at) -> s.withPassive(value, by, at);
            }
        };
    }

    private static <T> Optional<T> checked(PatientSettings.Field field, Optional<SettingsJson.Parsed<T>> parsed) {
        if (parsed.isPresent() && !parsed.get().problems().isEmpty()) {
            throw new BadRequest("the " + field.wireName() + " were not changed", parsed.get().problems());
        }
        return parsed.flatMap(SettingsJson.Parsed::value);
    }

    static Optional<JsonNode> body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not JSON", List.of("body: not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
        }
    }
}
