package dk.telemed.gateway.api;

import dk.telemed.gateway.auth.User;
import dk.telemed.gateway.config.ApiConfig;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.OpenAlert;
import dk.telemed.gateway.rules.Plans;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A care team's week at a glance (docs/api.md, "Team overview"): open alerts by severity (the
 * rules' open alerts), the median time from raised to acknowledged of the alerts acknowledged
 * this ISO week and the alarm burden (both from the {@code alerts} measurement), and the share
 * of patients who measured as planned this week (the plans, against a count of the week's
 * readings per patient and type).
 */
public final class OverviewApi {
    /** The alarm burden looks back four weeks: one week is too few alerts to say much. */
    static final Duration BURDEN_WINDOW = Duration.ofDays(28);

    private final PatientAccess access;
    private final RulesView rules;
    private final ClinicalQueries queries;
    private final Plans plans;
    private final ApiConfig config;
    private final ZoneId zone;
    private final Clock clock;

    public OverviewApi(PatientAccess access, RulesView rules, ClinicalQueries queries, ClinicalDefaults defaults, ApiConfig config,
                ZoneId zone, Clock clock) {
        this.access = access;
        this.rules = rules;
        this.queries = queries;
        this.plans = new Plans(defaults);
        this.config = config;
        this.zone = zone;
        this.clock = clock;
    }

    void mount(Router router) {
        Routes.json(router.get("/api/overview"), this::overview);
    }

    private Future<JsonObject> overview(RoutingContext ctx) {
        User user = PatientAccess.user(ctx);
        if (!user.role().seesPatients()) {
            access.record(user, "view-overview", Optional.empty(), PatientAccess.DENIED, "role " + user.role().wireName());
            throw new ApiError(403, "the team overview is for the care teams' nurses and clinicians");
        }
        Optional<String> asked = Params.optional(ctx, "careTeam");
        if (asked.isPresent() && !user.careTeams().contains(asked.get())) {
            access.record(user, "view-overview", Optional.empty(), PatientAccess.DENIED, "care team " + asked.get());
            throw new ApiError(403, "care team " + asked.get() + " is not one of yours");
        }
        List<String> teams = asked.map(List::of).orElseGet(() -> user.careTeams().stream().sorted().toList());
        Instant now = clock.instant();
        Instant weekStart = OverviewMath.weekStart(now, zone);
        int lookback = (int) Math.max(config.alertsLookbackDays(), BURDEN_WINDOW.toDays());
        return Future.all(rules.openAlerts(), queries.alertPoints(Optional.empty(), lookback), queries.counts(weekStart)).map(all -> {
            List<OpenAlert> open = all.resultAt(0);
            List<AlertHistory.Entry> history = AlertHistory.of(all.resultAt(1));
            Map<String, Map<MeasurementType, Long>> counts = all.resultAt(2);
            JsonArray list = new JsonArray();
            for (String team : teams) {
                list.add(team(team, open, history, counts, weekStart, now));
            }
            access.record(user, "view-overview", Optional.empty(), PatientAccess.OK, String.join(", ", teams));
            return new JsonObject().put("weekStart", weekStart.toString()).put("at", now.toString()).put("teams", list);
        });
    }

    private JsonObject team(String team, List<OpenAlert> open, List<AlertHistory.Entry> history,
                            Map<String, Map<MeasurementType, Long>> counts, Instant weekStart, Instant now) {
        List<Patient> patients = access.registry().patients().stream().filter(p -> p.careTeam().equals(team)).toList();
        JsonObject bySeverity = new JsonObject();
        for (Severity s : Severity.values()) {
            bySeverity.put(s.wireName(), open.stream().filter(a -> a.careTeam().equals(team) && a.severity() == s).count());
        }
        List<Duration> ackTimes = new ArrayList<>();
        long raised = 0;
        Instant burdenFrom = now.minus(BURDEN_WINDOW);
        for (AlertHistory.Entry e : history) {
            if (!e.careTeam().equals(team)) {
                continue;
            }
            e.acknowledgedAt().filter(at -> !at.isBefore(weekStart)).ifPresent(at -> ackTimes.add(Duration.between(e.raisedAt(), at)));
            raised += e.raisedAt().isAfter(burdenFrom) ? 1 : 0;
        }
        Optional<Duration> median = OverviewMath.median(ackTimes);
        int planned = 0;
        int asPlanned = 0;
        Duration elapsed = Duration.between(weekStart, now);
        for (Patient p : patients) {
            Map<MeasurementType, Duration> plan = plans.of(p);
            if (plan.isEmpty() || p.passive().stream().anyMatch(i -> i.covers(now, zone))) {
                continue;
            }
            planned++;
            asPlanned += OverviewMath.asPlanned(plan, counts.getOrDefault(p.id(), Map.of()), elapsed) ? 1 : 0;
        }
        return new JsonObject().put("careTeam", team).put("patients", patients.size()).put("openAlerts", bySeverity)
                .put("acknowledgedThisWeek", ackTimes.size())
                .put("medianMinutesToAcknowledge", median.map(d -> d.toSeconds() / 60.0).orElse(null))
                .put("measuredAsPlanned", new JsonObject().put("patients", planned).put("asPlanned", asPlanned)
                        .put("share", number(OverviewMath.share(asPlanned, planned))))
                .put("alarmBurden", new JsonObject().put("raised", raised).put("days", BURDEN_WINDOW.toDays())
                        .put("perPatientWeek", number(OverviewMath.perPatientWeek(raised, patients.size(), BURDEN_WINDOW))));
    }

    private static Double number(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
