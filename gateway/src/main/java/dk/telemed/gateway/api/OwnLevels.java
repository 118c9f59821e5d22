package dk.telemed.gateway.api;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RelativeLimit;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.rules.BandResolver;
import dk.telemed.gateway.rules.ClinicalDefaults;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The relative limits in force for a patient, each with the patient's own level as the rules
 * take it now (the statistic of the readings in the window before this hour, from the store),
 * and whether that own level lies beyond the red band: a patient whose normal is below the
 * condition's red limit is red every day, which only the treating doctor's individual limits
 * can put right, so the dashboard prompts for them. One query per relative limit.
 */
final class OwnLevels {
    private final ClinicalDefaults defaults;
    private final BandResolver bands;
    private final ClinicalQueries queries;
    private final Clock clock;

    OwnLevels(ClinicalDefaults defaults, ClinicalQueries queries, Clock clock) {
        this.defaults = defaults;
        this.bands = new BandResolver(defaults);
        this.queries = queries;
        this.clock = clock;
    }

    Future<JsonArray> of(Patient p) {
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        List<Future<JsonObject>> each = new ArrayList<>();
        for (MeasurementType type : MeasurementType.values()) {
            Optional<RelativeLimit> limit = defaults.relative(p, type);
            limit.ifPresent(l -> each.add(queries.level(p.id(), type, l.statistic().percentile(), hour.minus(l.window()), hour)
                    .map(level -> view(p, type, l, level))));
        }
        return Future.all(each).map(all -> {
            JsonArray list = new JsonArray();
            for (int i = 0; i < all.size(); i++) {
                list.add(all.<JsonObject>resultAt(i));
            }
            return list;
        });
    }

    private JsonObject view(Patient p, MeasurementType type, RelativeLimit l, ClinicalQueries.Range level) {
        boolean enough = level.count() >= l.minReadings();
        JsonObject view = new JsonObject().put("type", type.wireName()).put("unit", type.canonicalUnit())
                .put("window", Baselines.period(l.window())).put("statistic", l.statistic().wireName()).put("side", l.side().wireName())
                .put("minReadings", l.minReadings()).put("readings", level.count()).put("enough", enough)
                .put("level", enough && level.max().isPresent() ? level.max().getAsDouble() : null)
                .put("own", p.relativeOverrides().containsKey(type));
        l.yellowPoints().ifPresent(v -> view.put("yellowPoints", v));
        l.redPoints().ifPresent(v -> view.put("redPoints", v));
        view.put("suggestIndividualLimits", enough && level.max().isPresent() && beyondRed(p, type, l, level.max().getAsDouble()));
        return view;
    }

    /** The own level lies beyond the red band on the limit's side, and the doctor has not set the patient's own bands. */
    private boolean beyondRed(Patient p, MeasurementType type, RelativeLimit l, double level) {
        if (p.thresholdOverrides().containsKey(type)) {
            return false;
        }
        Bands b = bands.bands(p, type);
        return l.side() == RelativeLimit.Side.BELOW
                ? b.red().below().isPresent() && level < b.red().below().getAsDouble()
                : b.red().above().isPresent() && level > b.red().above().getAsDouble();
    }
}
