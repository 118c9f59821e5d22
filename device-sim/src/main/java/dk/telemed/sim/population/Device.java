package dk.telemed.sim.population;

/**
 * One home device and its fixed traits. Traits are drawn per device because in reality a given
 * device model always formats its timestamps and units the same way.
 *
 * @param id the device id used in the topic and the registry, e.g. {@code oxi-0001}
 * @param kind what it measures
 * @param patientIndex index of the owning patient in the population (0-based)
 * @param timestampStyle how its firmware writes {@code ts}
 * @param unitDraw uniform in [0,1); the device uses the accepted alternate units when this is
 *     below the run's alternate-units share, so the share can change without reshuffling devices
 * @param reportsRespRate whether this oximeter model also reports a respiratory rate
 * @param firmware firmware version string reported in the status message
 * @param initialBattery battery level in % when the run starts
 * @param batteryDrainPerHour how fast the battery drains, in % per hour of wall-clock time
 */
public record Device(
        String id,
        DeviceKind kind,
        int patientIndex,
        TimestampStyle timestampStyle,
        double unitDraw,
        boolean reportsRespRate,
        String firmware,
        int initialBattery,
        double batteryDrainPerHour) {

    public boolean usesAlternateUnits(double alternateUnitsShare) {
        return unitDraw < alternateUnitsShare;
    }
}
