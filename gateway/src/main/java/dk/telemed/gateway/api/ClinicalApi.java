package dk.telemed.gateway.api;

import dk.telemed.gateway.audit.AuditLog;
import dk.telemed.gateway.config.ApiConfig;
import dk.telemed.gateway.registry.RegistryWatcher;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.AlertBoard;
import dk.telemed.gateway.store.InfluxClient;
import dk.telemed.gateway.store.SettingsStore;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.time.ZoneId;

/**
 * The clinical JSON API behind the triage dashboard (docs/api.md): patients, readings, alerts,
 * settings, the team overview and the live event stream. Mounted after the sign-in handler,
 * which puts the signed-in user into every /api request; everything here reads what the rules
 * engine, the registry and InfluxDB already hold.
 */
public final class ClinicalApi {
    private final PatientsApi patients;
    private final ReadingsApi readings;
    private final AlertsApi alerts;
    private final SettingsApi settings;
    private final OverviewApi overview;
    private final EventStream events;
    private final PatientAccess access;

    /**
     * @param workers runs the blocking InfluxDB queries
     * @param events  the live stream, which the alert hooks and the reading pipeline also feed
     */
    public ClinicalApi(ApiConfig config, ZoneId zone, RegistryWatcher registry, AlertBoard rules, ClinicalDefaults defaults,
                       InfluxClient influx, WorkerExecutor workers, SettingsStore settingsStore, EventStream events,
                       AuditLog audit, Clock clock) {
        this(config, zone, registry, rules, defaults, influx, workers, settingsStore, events, audit, clock, AcknowledgementListener.NONE);
    }

    /** @param acknowledged told of each acknowledgement, with the note to the patient (the patient's feedback) */
    public ClinicalApi(ApiConfig config, ZoneId zone, RegistryWatcher registry, AlertBoard rules, ClinicalDefaults defaults,
                       InfluxClient influx, WorkerExecutor workers, SettingsStore settingsStore, EventStream events,
                       AuditLog audit, Clock clock, AcknowledgementListener acknowledged) {
        this.access = new PatientAccess(registry, audit, clock);
        RulesView rulesView = new RulesView(rules);
        ClinicalQueries queries = new ClinicalQueries(influx, workers, config, clock);
        this.patients = new PatientsApi(access, rulesView, queries, defaults, registry::settings, config, clock);
        this.readings = new ReadingsApi(access, rulesView, queries, config, clock);
        this.alerts = new AlertsApi(access, rulesView, queries, config, acknowledged);
        this.settings = new SettingsApi(access, registry, settingsStore, defaults, clock);
        this.overview = new OverviewApi(access, rulesView, queries, defaults, config, zone, clock);
        this.events = events;
    }

    public void mount(Router router) {
        events.mount(router, access);
        overview.mount(router);
        alerts.mount(router);
        patients.mount(router);
        readings.mount(router);
        settings.mount(router);
    }
}
