package dk.telemed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alert events seen on {@code telemed/v1/alerts/#}, counted per alertId: an alert raised
 * twice is one alertId with two {@code raised} events of different eventIds (a second raise of
 * one episode). The same event delivered again (same eventId: MQTT's at-least-once delivery, or
 * a successor publishing what its predecessor published but did not get acknowledged) is counted
 * apart: receivers de-duplicate on the eventId (docs/alert-hooks.md).
 *
 * @param alerts             distinct alertIds with a raised event
 * @param raisedEvents       distinct raised events (by eventId)
 * @param raisedTwice        alertIds raised by more than one distinct event (must be 0)
 * @param deliveredAgain     raised events received again with an eventId already seen
 * @param examplesRaisedTwice up to three of those alertIds, with patient, rule and reading time of each raise
 * @param raisedWhileOpen    raised events for a patient, type and rule that already had another alert open
 *                           (the interface allows one open alert per patient, type and rule)
 * @param examplesWhileOpen  up to three of those
 */
public record AlertTally(int alerts, int raisedEvents, int raisedTwice, int deliveredAgain, List<String> examplesRaisedTwice,
                         int raisedWhileOpen, List<String> examplesWhileOpen) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Counts the events in the order received; payloads that are not JSON are skipped. */
    public static AlertTally of(List<byte[]> events) {
        Map<String, Map<String, String>> raisesByAlert = new LinkedHashMap<>();
        int deliveredAgain = 0;
        Map<String, Set<String>> openByCondition = new HashMap<>();
        Map<String, String> conditionOf = new HashMap<>();
        List<String> whileOpen = new ArrayList<>();
        for (byte[] payload : events) {
            JsonNode e = json(payload);
            if (e == null) {
                continue;
            }
            String alertId = e.path("alertId").asText();
            String event = e.path("event").asText();
            // An escalation changes an alert's rule (yellow to red): it stays open under the rule it was raised with.
            String condition = conditionOf.getOrDefault(alertId,
                    e.path("patient").asText() + " " + e.path("type").asText() + " " + e.path("rule").asText());
            Set<String> open = openByCondition.computeIfAbsent(condition, k -> new HashSet<>());
            if (event.equals("resolved")) {
                open.remove(alertId);
            }
            if (!event.equals("raised")) {
                continue;
            }
            Map<String, String> raises = raisesByAlert.computeIfAbsent(alertId, k -> new LinkedHashMap<>());
            String eventId = e.path("eventId").asText();
            if (raises.containsKey(eventId)) {
                deliveredAgain++;
                continue;
            }
            if (!open.isEmpty() && !open.contains(alertId)) {
                whileOpen.add(condition + " (" + alertId + " while " + open.iterator().next() + " was open)");
            }
            open.add(alertId);
            conditionOf.putIfAbsent(alertId, condition);
            raises.put(eventId, e.path("patient").asText() + " " + e.path("rule").asText() + " " + e.path("readingTs").asText());
        }
        List<String> twice = raisesByAlert.entrySet().stream().filter(en -> en.getValue().size() > 1)
                .map(en -> en.getKey() + " " + en.getValue().values()).toList();
        int raised = raisesByAlert.values().stream().mapToInt(Map::size).sum();
        return new AlertTally(raisesByAlert.size(), raised, twice.size(), deliveredAgain, twice.stream().limit(3).toList(),
                whileOpen.size(), whileOpen.stream().limit(3).toList());
    }

    /** Distinct alertIds raised for one patient. */
    public static int raisedFor(List<byte[]> events, String patient) {
        Set<String> ids = new HashSet<>();
        for (byte[] payload : events) {
            JsonNode e = json(payload);
            if (e != null && e.path("event").asText().equals("raised") && e.path("patient").asText().equals(patient)) {
                ids.add(e.path("alertId").asText());
            }
        }
        return ids.size();
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
