package dk.telemed.gateway.registry;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.PassiveInterval;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A clinician's changes to one patient made on the dashboard, laid over the registry file's
 * entry. Each field is either set (it replaces the file's field of the same name as a whole)
 * or empty (the file's value stays in force). Stored in InfluxDB, so it outlives a restart.
 *
 * @param changedBy the user who made the latest change, for the audit trail
 */
public record PatientSettings(String patientId, Optional<Map<MeasurementType, Bands>> thresholds,
                              Optional<Map<MeasurementType, MeasurementPlan>> plan,
                              Optional<List<PassiveInterval>> passive, String changedBy, Instant changedAt) {
    /** The three fields a clinician can set. */
    public enum Field {
        THRESHOLDS, PLAN, PASSIVE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PatientSettings {
        Objects.requireNonNull(patientId, "patientId");
        thresholds = thresholds.map(Map::copyOf);
        plan = plan.map(Map::copyOf);
        passive = passive.map(List::copyOf);
        Objects.requireNonNull(changedBy, "changedBy");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    public static PatientSettings none(String patientId, String changedBy, Instant at) {
        return new PatientSettings(patientId, Optional.empty(), Optional.empty(), Optional.empty(), changedBy, at);
    }

    public boolean isEmpty() {
        return thresholds.isEmpty() && plan.isEmpty() && passive.isEmpty();
    }

    public boolean sets(Field field) {
        return switch (field) {
            case THRESHOLDS -> thresholds.isPresent();
            case PLAN -> plan.isPresent();
            case PASSIVE -> passive.isPresent();
        };
    }

    public PatientSettings withThresholds(Optional<Map<MeasurementType, Bands>> value, String by, Instant at) {
        return new PatientSettings(patientId, value, plan, passive, by, at);
    }

    public PatientSettings withPlan(Optional<Map<MeasurementType, MeasurementPlan>> value, String by, Instant at) {
        return new PatientSettings(patientId, thresholds, value, passive, by, at);
    }

    public PatientSettings withPassive(Optional<List<PassiveInterval>> value, String by, Instant at) {
        return new PatientSettings(patientId, thresholds, plan, value, by, at);
    }

    /** The file's entry with each field this overlay sets replaced. */
    public Patient applyTo(Patient fromFile) {
        return new Patient(fromFile.id(), fromFile.careTeam(), fromFile.conditions(), fromFile.devices(),
                thresholds.orElse(fromFile.thresholdOverrides()), fromFile.displayName(),
                plan.orElse(fromFile.planOverrides()), passive.orElse(fromFile.passive()), fromFile.cpr(),
                fromFile.treatment(), fromFile.relativeOverrides());
    }

    @Override
    public String toString() {
        // Passive reasons are free text about the patient: kept out of any log line.
        return "PatientSettings[" + patientId + ", thresholds=" + thresholds.isPresent() + ", plan=" + plan.isPresent()
                + ", passive=" + passive.isPresent() + ", by " + changedBy + "]";
    }
}
