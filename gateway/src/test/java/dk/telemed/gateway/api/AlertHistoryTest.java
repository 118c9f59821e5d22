package dk.telemed.gateway.api;

import dk.telemed.gateway.model.AlertState;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertHistoryTest {
    static AlertHistory.Point point(String at, String id, String state, String event) {
        return new AlertHistory.Point(Instant.parse(at), id, AlertState.fromWireName(state).orElseThrow(), "nord-akut", "p-0001", event);
    }

    @Test
    void eachAlertIsItsLatestStateWithWhenItWasRaisedAcknowledgedAndResolved() {
        List<AlertHistory.Entry> entries = AlertHistory.of(List.of(
                point("2026-11-22T07:10:00Z", "a1", "resolved", "{\"alertId\":\"a1\",\"event\":\"resolved\",\"eventId\":\"e3\",\"acknowledgedBy\":\"anna\",\"note\":\"called\"}"),
                point("2026-11-22T07:00:00Z", "a1", "raised", "{\"alertId\":\"a1\",\"event\":\"raised\",\"eventId\":\"e1\"}"),
                point("2026-11-22T07:05:00Z", "a1", "acknowledged", "{\"alertId\":\"a1\",\"event\":\"acknowledged\",\"eventId\":\"e2\",\"acknowledgedBy\":\"anna\"}"),
                point("2026-11-22T08:00:00Z", "a2", "raised", "{\"alertId\":\"a2\",\"event\":\"raised\",\"eventId\":\"e4\"}")));

        assertThat(entries).extracting(AlertHistory.Entry::alertId).containsExactly("a2", "a1");
        AlertHistory.Entry a1 = entries.get(1);
        assertThat(a1.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(a1.raisedAt()).isEqualTo(Instant.parse("2026-11-22T07:00:00Z"));
        assertThat(a1.acknowledgedAt()).contains(Instant.parse("2026-11-22T07:05:00Z"));
        assertThat(a1.resolvedAt()).contains(Instant.parse("2026-11-22T07:10:00Z"));
        JsonObject json = a1.json();
        assertThat(json.getString("state")).isEqualTo("resolved");
        assertThat(json.getString("acknowledgedBy")).isEqualTo("anna");
        assertThat(json.getString("note")).isEqualTo("called");
        assertThat(json.getString("raisedAt")).isEqualTo("2026-11-22T07:00:00Z");
        assertThat(json.getString("resolvedAt")).isEqualTo("2026-11-22T07:10:00Z");
        assertThat(json.containsKey("eventId")).isFalse();
        assertThat(entries.get(0).json().getValue("resolvedAt")).isNull();
        assertThat(entries.get(0).json().containsKey("acknowledgedBy")).as("present, null until acknowledged").isTrue();
    }
}
