package dk.telemed.gateway.api;

import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.rules.OpenAlert;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * A patient's triage colour: the worst severity among the patient's open clinical alerts
 * (acknowledged ones included: the value is still out of range), green when there is none.
 * Technical alerts (a device's battery) go to the technicians and leave the colour alone.
 */
enum PatientStatus {
    RED, YELLOW, BLUE, GREEN;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PatientStatus of(Collection<OpenAlert> openAlerts) {
        PatientStatus worst = GREEN;
        for (OpenAlert a : openAlerts) {
            if (!a.key().isDevice()) {
                PatientStatus s = of(a.severity());
                worst = s.ordinal() < worst.ordinal() ? s : worst;
            }
        }
        return worst;
    }

    static PatientStatus of(Severity severity) {
        return switch (severity) {
            case RED -> RED;
            case YELLOW -> YELLOW;
            case BLUE -> BLUE;
        };
    }

    /** One triage row's sort key. */
    record Row(String patientId, PatientStatus status, Optional<Instant> oldestUnacknowledged) {
        static Row of(String patientId, Collection<OpenAlert> openAlerts) {
            Optional<Instant> oldest = openAlerts.stream()
                    .filter(a -> a.state().awaitsAcknowledgement() && !a.key().isDevice())
                    .map(PatientStatus::since).min(Comparator.naturalOrder());
            return new Row(patientId, PatientStatus.of(openAlerts), oldest);
        }
    }

    /**
     * Most urgent first: red, yellow, blue, green; within a colour, the patient whose oldest
     * unacknowledged alert has waited longest, then patients with none waiting; then by id.
     */
    static final Comparator<Row> TRIAGE = Comparator.comparing(Row::status)
            .thenComparing(Row::oldestUnacknowledged, Comparator.comparing((Optional<Instant> o) -> o.isEmpty())
                    .thenComparing(o -> o.orElse(Instant.MAX)))
            .thenComparing(Row::patientId);

    /** How long an alert has waited: since the reading that raised it, or since the care team was told. */
    static Instant since(OpenAlert a) {
        return a.readingTs().orElse(a.notifiedAt());
    }
}
