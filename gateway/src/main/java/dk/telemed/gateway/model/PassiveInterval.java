package dk.telemed.gateway.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A nurse paused a patient's monitoring (admission to hospital, a holiday) from one date to
 * another, both days included, in the care team's time zone. Readings are still stored and
 * judged; only missing-reading alerts are held back. {@code reason} is free text for the care
 * team: it stays in the registry and never goes into an alert, a log line or InfluxDB.
 */
public record PassiveInterval(LocalDate from, LocalDate to, Optional<String> reason) {
    public PassiveInterval {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a passive interval must not end (" + to + ") before it starts (" + from + ")");
        }
    }

    public Instant start(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the interval: the start of the day after {@code to}. */
    public Instant end(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public boolean covers(Instant t, ZoneId zone) {
        return !t.isBefore(start(zone)) && t.isBefore(end(zone));
    }

    @Override
    public String toString() {
        // The reason may say more about the patient than an operator should read.
        return "PassiveInterval[" + from + ".." + to + "]";
    }
}
