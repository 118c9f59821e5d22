package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.RulesConfig;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The parts the rules engine judges with: the bands in force, the alert lifecycle, escalation,
 * the confirmation windows, the missing-reading clocks and the battery watch. Built by the
 * composition root and handed to {@link RulesEngine}, so a test can hand it other ones.
 */
public record RuleParts(BandResolver bands, AlertLifecycle lifecycle, Escalator escalator, ConfirmWindows timings,
                        MissingReadingMonitor missing, BatteryMonitor battery) {

    /** The gateway's parts, from the rules' settings and the clinical defaults. */
    public static RuleParts of(RulesConfig config, ClinicalDefaults defaults, Supplier<PatientRegistry> registry, Clock clock) {
        Plans plans = new Plans(defaults);
        return new RuleParts(new BandResolver(defaults),
                new AlertLifecycle(clock, config.lateAfter(), config.zone(), defaults.instructions(),
                        key -> key.isDevice() ? Optional.empty() : registry.get().patient(key.patient()).map(Patient::careTeam)),
                new Escalator(config.escalateAfter(), config.maxEscalations(), config.escalationTeam()),
                new ConfirmWindows(defaults, plans),
                new MissingReadingMonitor(plans, config.zone(), clock.instant()),
                new BatteryMonitor(config.batteryLowPercent(), config.batteryResolveMarginPercent(), config.technicalCareTeam()));
    }
}
