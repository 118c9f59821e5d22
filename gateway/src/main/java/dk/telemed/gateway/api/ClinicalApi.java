package dk.telemed.gateway.api;

import io.vertx.ext.web.Router;

/**
 * The clinical JSON API behind the triage dashboard (docs/api.md): patients, readings, alerts,
 * settings, the team overview and the live event stream. Mounted after the sign-in handler,
 * which puts the signed-in user into every /api request; everything here reads what the rules
 * engine, the registry and InfluxDB already hold. The parts are built by the composition root
 * (they share one {@link PatientAccess}, one {@link RulesView} and one {@link ClinicalQueries});
 * this class only mounts them in order.
 */
public final class ClinicalApi {
    private final PatientAccess access;
    private final EventStream events;
    private final OverviewApi overview;
    private final AlertsApi alerts;
    private final PatientsApi patients;
    private final ReadingsApi readings;
    private final SettingsApi settings;

    /** @param events the live stream, which the alert hooks and the reading pipeline also feed */
    public ClinicalApi(PatientAccess access, EventStream events, OverviewApi overview, AlertsApi alerts, PatientsApi patients,
                       ReadingsApi readings, SettingsApi settings) {
        this.access = access;
        this.events = events;
        this.overview = overview;
        this.alerts = alerts;
        this.patients = patients;
        this.readings = readings;
        this.settings = settings;
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
