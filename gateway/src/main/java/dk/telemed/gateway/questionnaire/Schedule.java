package dk.telemed.gateway.questionnaire;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How often a patient is asked to answer a questionnaire; an answer later than that (plus the grace) is missing. */
public enum Schedule {
    DAILY(Duration.ofDays(1)), WEEKLY(Duration.ofDays(7));

    private final Duration period;

    Schedule(Duration period) {
        this.period = period;
    }

    public Duration period() {
        return period;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Schedule> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
