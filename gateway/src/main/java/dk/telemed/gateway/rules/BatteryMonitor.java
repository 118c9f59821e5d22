package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A technical alert for a device whose battery runs low, routed to the technical team rather
 * than the nurses: a flat oximeter is a visit from a technician, not a clinical call. It
 * resolves once the battery is back above the limit by a margin, so a battery hovering at the
 * limit does not page the technicians every hour.
 */
final class BatteryMonitor {
    static final String RULE = "device.battery.low";

    private final int lowPercent;
    private final int resolveMarginPercent;
    private final String technicalTeam;

    BatteryMonitor(int lowPercent, int resolveMarginPercent, String technicalTeam) {
        this.lowPercent = lowPercent;
        this.resolveMarginPercent = resolveMarginPercent;
        this.technicalTeam = technicalTeam;
    }

    Optional<Verdict> judge(Patient owner, String deviceId, int batteryPercent) {
        AlertKey key = AlertKey.battery(owner.id(), deviceId);
        if (batteryPercent < lowPercent) {
            return Optional.of(new Verdict.Alarm(key, technicalTeam, Severity.YELLOW, RULE, OptionalDouble.of(batteryPercent), "%",
                    OptionalDouble.of(lowPercent), Optional.empty(), Optional.empty(),
                    "Device " + deviceId + " battery at " + batteryPercent + " % (below " + lowPercent + " %): charge or replace it"));
        }
        if (batteryPercent >= lowPercent + resolveMarginPercent) {
            return Optional.of(new Verdict.Clear(key, OptionalDouble.of(batteryPercent), Optional.empty(),
                    "Device " + deviceId + " battery back at " + batteryPercent + " %"));
        }
        return Optional.empty();
    }
}
