package dk.telemed.gateway.api;

import dk.telemed.gateway.config.ApiConfig;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One patient's readings over a period and alert history (docs/api.md). */
public final class ReadingsApi {
    /** The period a request without {@code from} covers. */
    static final Duration DEFAULT_PERIOD = Duration.ofDays(14);

    private final PatientAccess access;
    private final RulesView rules;
    private final ClinicalQueries queries;
    private final ApiConfig config;
    private final Clock clock;
    private final AlertViews alerts = new AlertViews();

    public ReadingsApi(PatientAccess access, RulesView rules, ClinicalQueries queries, ApiConfig config, Clock clock) {
        this.access = access;
        this.rules = rules;
        this.queries = queries;
        this.config = config;
        this.clock = clock;
    }

    void mount(Router router) {
        Routes.json(router.get("/api/patients/:id/readings"), this::readings);
        Routes.json(router.get("/api/patients/:id/alerts"), this::alerts);
    }

    /** The checked parameters of a readings request. */
    record Period(MeasurementType type, Instant from, Instant to) {
    }

    static Period period(Optional<String> type, Optional<String> from, Optional<String> to, Instant now, int maxDays) {
        List<String> problems = new ArrayList<>();
        Optional<MeasurementType> t = Params.type(type, problems);
        Optional<Instant> f = Params.time("from", from, problems);
        Optional<Instant> u = Params.time("to", to, problems);
        Instant until = u.orElse(now);
        Instant since = f.orElse(until.minus(DEFAULT_PERIOD));
        if (problems.isEmpty() && since.isAfter(until)) {
            problems.add("from: " + since + " is after to " + until);
        }
        if (problems.isEmpty() && Duration.between(since, until).compareTo(Duration.ofDays(maxDays)) > 0) {
            problems.add("from/to: the period is " + Duration.between(since, until).toDays() + " days; at most " + maxDays
                    + " days per request");
        }
        if (!problems.isEmpty()) {
            throw new BadRequest("bad parameters for readings", problems);
        }
        return new Period(t.orElseThrow(), since, until);
    }

    private Future<JsonObject> readings(RoutingContext ctx) {
        Patient p = access.patient(ctx, ctx.pathParam("id"), "view-readings");
        Period period;
        try {
            period = period(Params.optional(ctx, "type"), Params.optional(ctx, "from"), Params.optional(ctx, "to"),
                    clock.instant(), config.maxReadingsDays());
        } catch (BadRequest e) {
            access.record(ctx, "view-readings", Optional.of(p.id()), PatientAccess.INVALID, String.join("; ", e.problems()));
            throw e;
        }
        Duration span = Duration.between(period.from(), period.to());
        return queries.count(p.id(), period.type(), period.from(), period.to()).compose(count -> {
            Optional<Duration> interval = Downsampling.interval(span, count, config.maxPoints());
            return queries.readings(p.id(), period.type(), period.from(), period.to(), interval).map(values -> {
                JsonArray points = new JsonArray();
                values.forEach(v -> points.add(new JsonArray().add(v.ts().toString()).add(v.value())));
                access.record(ctx, "view-readings", Optional.of(p.id()), PatientAccess.OK, period.type().wireName() + " "
                        + period.from() + ".." + period.to());
                return new JsonObject().put("type", period.type().wireName()).put("unit", period.type().canonicalUnit())
                        .put("from", period.from().toString()).put("to", period.to().toString())
                        .put("interval", interval.map(Duration::toString).orElse(null))
                        .put("aggregate", interval.isPresent() ? "mean" : null)
                        .put("points", points);
            });
        });
    }

    private Future<JsonArray> alerts(RoutingContext ctx) {
        Patient p = access.patient(ctx, ctx.pathParam("id"), "view-alerts");
        return Future.all(rules.openAlerts(), queries.alertPoints(Optional.of(p.id()), config.alertsLookbackDays())).map(all -> {
            List<OpenAlert> open = all.<List<OpenAlert>>resultAt(0).stream().filter(a -> a.key().patient().equals(p.id())).toList();
            List<AlertHistory.Entry> history = AlertHistory.of(all.resultAt(1));
            access.record(ctx, "view-alerts", Optional.of(p.id()), PatientAccess.OK, "history");
            return merge(open, history, alerts);
        });
    }

    /** The open alerts as the rules hold them now (newest state), then the rest of the history, newest change first. */
    static JsonArray merge(List<OpenAlert> open, List<AlertHistory.Entry> history, AlertViews views) {
        JsonArray list = new JsonArray();
        Set<String> shown = new HashSet<>();
        open.stream().sorted(java.util.Comparator.comparing(PatientStatus::since).reversed()).forEach(a -> {
            list.add(views.open(a));
            shown.add(a.alertId());
        });
        history.stream().filter(e -> !shown.contains(e.alertId())).forEach(e -> list.add(e.json()));
        return list;
    }
}
