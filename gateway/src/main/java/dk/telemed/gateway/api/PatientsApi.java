package dk.telemed.gateway.api;

import dk.telemed.gateway.auth.User;
import dk.telemed.gateway.config.ApiConfig;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientSettings;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The triage list, the sparklines and one patient's detail (docs/api.md). */
public final class PatientsApi {
    private final PatientAccess access;
    private final RulesView rules;
    private final ClinicalQueries queries;
    private final PatientViews views;
    private final Baselines baselines;
    private final OwnLevels ownLevels;
    private final ClinicalDefaults.Approval approval;
    private final AlertViews alerts = new AlertViews();
    private final Function<String, Optional<PatientSettings>> settings;
    private final ApiConfig config;

    public PatientsApi(PatientAccess access, RulesView rules, ClinicalQueries queries, ClinicalDefaults defaults,
                Function<String, Optional<PatientSettings>> settings, ApiConfig config, Clock clock) {
        this.access = access;
        this.rules = rules;
        this.queries = queries;
        this.views = new PatientViews(defaults);
        this.baselines = new Baselines(defaults, queries, clock);
        this.ownLevels = new OwnLevels(defaults, queries, clock);
        this.approval = defaults.approval();
        this.settings = settings;
        this.config = config;
    }

    void mount(Router router) {
        Routes.json(router.get("/api/patients"), this::list);
        Routes.json(router.get("/api/sparklines"), this::sparklines);
        Routes.json(router.get("/api/patients/:id"), this::detail);
    }

    private Future<JsonArray> list(RoutingContext ctx) {
        User user = PatientAccess.user(ctx);
        List<Patient> mine = mine(user);
        // Without InfluxDB the list still shows every patient and open alert, only without latest values.
        Future<Map<String, Map<MeasurementType, ClinicalQueries.Value>>> latestValues = queries.latest()
                .recover(e -> Future.succeededFuture(Map.of()));
        return Future.all(rules.openAlerts(), latestValues).map(all -> {
            Map<String, List<OpenAlert>> open = byPatient(all.resultAt(0));
            Map<String, Map<MeasurementType, ClinicalQueries.Value>> latest = all.resultAt(1);
            List<PatientStatus.Row> rows = new ArrayList<>();
            mine.forEach(p -> rows.add(PatientStatus.Row.of(p.id(), open.getOrDefault(p.id(), List.of()))));
            rows.sort(PatientStatus.TRIAGE);
            Map<String, Patient> byId = new HashMap<>();
            mine.forEach(p -> byId.put(p.id(), p));
            JsonArray list = new JsonArray();
            for (PatientStatus.Row row : rows) {
                Patient p = byId.get(row.patientId());
                list.add(summary(p, row.status(), open.getOrDefault(p.id(), List.of()))
                        .put("latest", latest(latest.getOrDefault(p.id(), Map.of()))));
            }
            access.record(user, "list-patients", Optional.empty(), PatientAccess.OK, list.size() + " patients");
            return list;
        });
    }

    private Future<JsonObject> sparklines(RoutingContext ctx) {
        User user = PatientAccess.user(ctx);
        int days = Params.intParam(ctx, "days", 14, 1, config.maxSparklineDays());
        List<Patient> mine = mine(user);
        return queries.sparklines(days).map(all -> {
            JsonObject body = new JsonObject();
            for (Patient p : mine) {
                JsonObject types = new JsonObject();
                all.getOrDefault(p.id(), Map.of()).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                    JsonArray points = new JsonArray();
                    e.getValue().forEach(v -> points.add(new JsonArray().add(v.ts().toString()).add(v.value())));
                    types.put(e.getKey().wireName(), points);
                });
                body.put(p.id(), types);
            }
            access.record(user, "view-sparklines", Optional.empty(), PatientAccess.OK, mine.size() + " patients, " + days + " days");
            return body;
        });
    }

    private Future<JsonObject> detail(RoutingContext ctx) {
        Patient p = access.patient(ctx, ctx.pathParam("id"), "view-patient");
        return Future.all(rules.openAlerts(), baselines.of(p), ownLevels.of(p)).map(all -> {
            List<OpenAlert> open = byPatient(all.resultAt(0)).getOrDefault(p.id(), List.of());
            JsonObject body = summary(p, PatientStatus.of(open), open)
                    .put("devices", new JsonArray(p.devices()))
                    .put("thresholds", views.thresholds(p))
                    .put("plan", views.plan(p))
                    .put("passive", PatientViews.passive(p))
                    .put("settingsFrom", PatientViews.settingsFrom(settings.apply(p.id())))
                    .put("baselines", all.<JsonArray>resultAt(1))
                    .put("relative", all.<JsonArray>resultAt(2))
                    .put("treatment", p.treatment().map(t -> t.wireName()).orElse(null))
                    .put("thresholdsApproval", PatientViews.approval(approval));
            access.record(ctx, "view-patient", Optional.of(p.id()), PatientAccess.OK, "detail");
            return body;
        });
    }

    private JsonObject summary(Patient p, PatientStatus status, List<OpenAlert> open) {
        JsonObject row = new JsonObject().put("id", p.id());
        p.displayName().ifPresent(name -> row.put("displayName", name));
        JsonArray alertList = new JsonArray();
        open.stream().sorted(Comparator.comparing(PatientStatus::since)).forEach(a -> alertList.add(alerts.open(a)));
        return row.put("careTeam", p.careTeam())
                .put("conditions", new JsonArray(p.conditions().stream().map(c -> c.wireName()).sorted().toList()))
                .put("status", status.wireName())
                .put("openAlerts", alertList);
    }

    private static JsonObject latest(Map<MeasurementType, ClinicalQueries.Value> values) {
        JsonObject latest = new JsonObject();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> latest.put(e.getKey().wireName(),
                new JsonObject().put("value", e.getValue().value()).put("unit", e.getKey().canonicalUnit())
                        .put("ts", e.getValue().ts().toString())));
        return latest;
    }

    private List<Patient> mine(User user) {
        return access.registry().patients().stream().filter(p -> user.mayRead(p.careTeam())).toList();
    }

    static Map<String, List<OpenAlert>> byPatient(List<OpenAlert> open) {
        Map<String, List<OpenAlert>> byPatient = new HashMap<>();
        open.forEach(a -> byPatient.computeIfAbsent(a.key().patient(), k -> new ArrayList<>()).add(a));
        return byPatient;
    }
}
