package dk.telemed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The alerts a catch-up raised, from the {@code raised} events on {@code telemed/v1/alerts/#}
 * (each alertId once, by its first raised event): those raised for a reading measured before
 * {@code lateBefore} (the gateway's return minus {@code rules.lateAfterMinutes}) must say
 * {@code "late": true}, the others must not.
 *
 * @param raised             alertIds raised for a reading
 * @param fromOldReadings    of those, for a reading measured before {@code lateBefore}
 * @param markedLate         of those, marked late (must equal {@code fromOldReadings})
 * @param recentMarkedLate   raised for a reading after {@code lateBefore} yet marked late (must be 0)
 * @param withoutReading     raised with no reading behind them (e.g. a measurement not taken: blue)
 * @param patients           the patients with an alert raised for a reading, sorted
 * @param examplesNotLate    up to three alerts for an old reading not marked late: patient, rule, reading time
 */
record CatchupAlerts(int raised, int fromOldReadings, int markedLate, int recentMarkedLate, int withoutReading,
                     List<String> patients, List<String> examplesNotLate) {
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean everyOldOneLate() {
        return markedLate == fromOldReadings && recentMarkedLate == 0;
    }

    static CatchupAlerts of(List<byte[]> events, Instant lateBefore) {
        Map<String, JsonNode> firstRaise = new LinkedHashMap<>();
        for (byte[] payload : events) {
            JsonNode e = json(payload);
            if (e != null && e.path("event").asText().equals("raised")) {
                firstRaise.putIfAbsent(e.path("alertId").asText(), e);
            }
        }
        int raised = 0;
        int old = 0;
        int late = 0;
        int recentLate = 0;
        int without = 0;
        Set<String> patients = new TreeSet<>();
        List<String> notLate = new ArrayList<>();
        for (JsonNode e : firstRaise.values()) {
            Instant readingTs = instant(e.path("readingTs"));
            if (readingTs == null) {
                without++;
                continue;
            }
            raised++;
            patients.add(e.path("patient").asText());
            boolean marked = e.path("late").asBoolean(false);
            if (readingTs.isBefore(lateBefore)) {
                old++;
                if (marked) {
                    late++;
                } else if (notLate.size() < 3) {
                    notLate.add(e.path("patient").asText() + " " + e.path("rule").asText() + " " + readingTs);
                }
            } else if (marked) {
                recentLate++;
            }
        }
        return new CatchupAlerts(raised, old, late, recentLate, without, List.copyOf(patients), List.copyOf(notLate));
    }

    private static Instant instant(JsonNode n) {
        if (!n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
