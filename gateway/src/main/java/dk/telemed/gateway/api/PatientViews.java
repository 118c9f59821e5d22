package dk.telemed.gateway.api;

import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientSettings;
import dk.telemed.gateway.registry.SettingsJson;
import dk.telemed.gateway.rules.BandResolver;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.Plans;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A patient's settings as the rules apply them: the effective bands and plan per type, each
 * limit and period marked {@code patient} (the patient's own value, from the registry file
 * or set on the dashboard) or {@code default} (the clinical defaults of the patient's
 * conditions). Computed by the rules' own {@link BandResolver} and {@link Plans}.
 */
final class PatientViews {
    static final String OWN = "patient";
    static final String DEFAULT = "default";

    private final BandResolver bands;
    private final Plans plans;

    PatientViews(ClinicalDefaults defaults) {
        this.bands = new BandResolver(defaults);
        this.plans = new Plans(defaults);
    }

    JsonObject thresholds(Patient p) {
        Patient defaultsOnly = withoutOwn(p);
        JsonObject all = new JsonObject();
        for (MeasurementType type : MeasurementType.values()) {
            Bands effective = bands.bands(p, type);
            if (effective.equals(BandResolver.NO_BANDS)) {
                continue;
            }
            Bands own = p.thresholdOverrides().getOrDefault(type, BandResolver.NO_BANDS);
            JsonObject source = new JsonObject();
            JsonObject view = new JsonObject()
                    .put("unit", type.canonicalUnit())
                    .put("red", band(effective.red(), own.red(), "red", source))
                    .put("yellow", band(effective.yellow(), own.yellow(), "yellow", source))
                    .put("source", source)
                    .put("defaults", new JsonObject(SettingsJson.bands(bands.bands(defaultsOnly, type)).toString()));
            all.put(type.wireName(), view);
        }
        return all;
    }

    JsonObject plan(Patient p) {
        Map<MeasurementType, Duration> effective = plans.of(p);
        JsonObject all = new JsonObject();
        effective.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> all.put(e.getKey().wireName(),
                new JsonObject().put("every", e.getValue().toString())
                        .put("source", p.planOverrides().containsKey(e.getKey()) ? OWN : DEFAULT)));
        return all;
    }

    static JsonArray passive(Patient p) {
        return new JsonArray(SettingsJson.passive(p.passive()).toString());
    }

    /** Which of the patient's own fields were set on the dashboard (they win over the registry file's). */
    static JsonObject settingsFrom(Optional<PatientSettings> settings) {
        JsonObject from = new JsonObject();
        for (PatientSettings.Field f : PatientSettings.Field.values()) {
            from.put(f.wireName(), settings.map(s -> s.sets(f)).orElse(false) ? "dashboard" : "registry");
        }
        settings.ifPresent(s -> from.put("changedBy", s.changedBy()).put("changedAt", s.changedAt().toString()));
        return from;
    }

    private static JsonObject band(Band effective, Band own, String severity, JsonObject source) {
        JsonObject view = new JsonObject();
        limit(view, source, severity, "below", effective.below(), own.below());
        limit(view, source, severity, "above", effective.above(), own.above());
        return view;
    }

    private static void limit(JsonObject view, JsonObject source, String severity, String side, OptionalDouble effective,
                              OptionalDouble own) {
        if (effective.isPresent()) {
            view.put(side, effective.getAsDouble());
            source.put(severity + "." + side, own.isPresent() ? OWN : DEFAULT);
        }
    }

    /** Who approved the standard threshold set, and when: both null while nobody has. */
    static JsonObject approval(ClinicalDefaults.Approval a) {
        return new JsonObject().put("approved", a.approved()).put("approvedBy", a.approvedBy().orElse(null))
                .put("approvedOn", a.approvedOn().map(Object::toString).orElse(null));
    }

    private static Patient withoutOwn(Patient p) {
        return new Patient(p.id(), p.careTeam(), p.conditions(), p.devices(), Map.of(), p.displayName(), Map.of(), p.passive(),
                Optional.empty(), p.treatment(), Map.of());
    }
}
