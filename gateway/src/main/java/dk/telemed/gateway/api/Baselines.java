package dk.telemed.gateway.api;

import dk.telemed.gateway.model.LevelStatistic;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.TrendRule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The references the trend rules judge against, as of now: for a percent-of-best rule the
 * best (highest) reading of its window, for a gain the lowest and for a loss the highest.
 * Read from the same stored readings and windows the rules use ({@link TrendRule}); one
 * query per rule, and only for the few types that have trend rules.
 */
final class Baselines {
    private final ClinicalDefaults defaults;
    private final ClinicalQueries queries;
    private final Clock clock;

    Baselines(ClinicalDefaults defaults, ClinicalQueries queries, Clock clock) {
        this.defaults = defaults;
        this.queries = queries;
        this.clock = clock;
    }

    Future<JsonArray> of(Patient p) {
        Instant now = clock.instant();
        List<Future<JsonObject>> each = new ArrayList<>();
        for (TrendRule rule : defaults.trends()) {
            if (rule instanceof TrendRule.PercentOfBest best && !best.statistic().equals(LevelStatistic.MAX)) {
                each.add(queries.level(p.id(), rule.type(), best.statistic().percentile(), now.minus(rule.window()), now)
                        .map(range -> view(rule, range)));
            } else {
                each.add(queries.range(p.id(), rule.type(), now.minus(rule.window()), now).map(range -> view(rule, range)));
            }
        }
        return Future.all(each).map(all -> {
            JsonArray list = new JsonArray();
            for (int i = 0; i < all.size(); i++) {
                list.add(all.<JsonObject>resultAt(i));
            }
            return list;
        });
    }

    /** An ISO-8601 period as the config writes it: whole days as {@code P30D}, not {@code PT720H}. */
    static String period(java.time.Duration d) {
        return d.equals(java.time.Duration.ofDays(d.toDays())) ? "P" + d.toDays() + "D" : d.toString();
    }

    private static JsonObject view(TrendRule rule, ClinicalQueries.Range range) {
        JsonObject view = new JsonObject().put("type", rule.type().wireName()).put("rule", rule.name())
                .put("window", period(rule.window())).put("readings", range.count())
                .put("enough", range.count() >= rule.minReadings()).put("unit", rule.type().canonicalUnit());
        if (rule instanceof TrendRule.PercentOfBest best) {
            view.put("kind", "percentOfBest").put("reference", range.max().isPresent() ? range.max().getAsDouble() : null)
                    .put("statistic", best.statistic().wireName());
            best.redBelowPercent().ifPresent(v -> view.put("redBelowPercent", v));
            best.yellowBelowPercent().ifPresent(v -> view.put("yellowBelowPercent", v));
        } else {
            TrendRule.Change change = (TrendRule.Change) rule;
            var reference = change.gain() ? range.min() : range.max();
            view.put("kind", change.gain() ? "gain" : "loss").put("reference", reference.isPresent() ? reference.getAsDouble() : null)
                    .put("limit", change.limit()).put("limitUnit", change.percent() ? "%" : rule.type().canonicalUnit())
                    .put("severity", change.severity().wireName());
        }
        return view;
    }
}
