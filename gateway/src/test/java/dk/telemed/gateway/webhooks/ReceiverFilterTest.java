package dk.telemed.gateway.webhooks;

import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiverFilterTest {
    static AlertEvent event(String careTeam, Severity severity) {
        return new AlertEvent("e-1", "a-1", AlertEventType.RAISED, "p-0001", careTeam, "spo2", severity, OptionalDouble.of(84),
                "%", "spo2.red.below", OptionalDouble.of(85), Optional.empty(), Instant.parse("2026-11-22T06:40:00Z"),
                "SpO2 84 % is below 85 %", Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void withoutCareTeamsItSubscribesToAllAndTakesEverySeverity() {
        ReceiverFilter all = new ReceiverFilter(Set.of(), Severity.BLUE);
        assertThat(all.subscriptions()).containsExactly("telemed/v1/alerts/+/+");
        assertThat(all.matchesTopic("telemed/v1/alerts/syd/p-0002")).isTrue();
        for (Severity s : Severity.values()) {
            assertThat(all.accepts(event("syd", s))).isTrue();
        }
    }

    @Test
    void theNightShiftGetsOnlyItsTeamsRedAlerts() {
        ReceiverFilter night = new ReceiverFilter(Set.of("nord-akut"), Severity.RED);
        assertThat(night.subscriptions()).containsExactly("telemed/v1/alerts/nord-akut/+");
        assertThat(night.accepts(event("nord-akut", Severity.RED))).isTrue();
        assertThat(night.accepts(event("nord-akut", Severity.YELLOW))).isFalse();
        assertThat(night.accepts(event("nord-akut", Severity.BLUE))).isFalse();
        assertThat(night.accepts(event("syd", Severity.RED))).isFalse();
        assertThat(night.matchesTopic("telemed/v1/alerts/nord-akut/p-0001")).isTrue();
        assertThat(night.matchesTopic("telemed/v1/alerts/syd/p-0002")).isFalse();
    }

    @Test
    void yellowMeansYellowAndRed() {
        ReceiverFilter yellow = new ReceiverFilter(Set.of("a", "b"), Severity.YELLOW);
        assertThat(yellow.subscriptions()).containsExactly("telemed/v1/alerts/a/+", "telemed/v1/alerts/b/+");
        assertThat(yellow.accepts(event("b", Severity.RED))).isTrue();
        assertThat(yellow.accepts(event("b", Severity.YELLOW))).isTrue();
        assertThat(yellow.accepts(event("b", Severity.BLUE))).isFalse();
    }

    @Test
    void onlyAlertTopicsMatch() {
        ReceiverFilter all = new ReceiverFilter(Set.of(), Severity.BLUE);
        assertThat(all.matchesTopic("telemed/v1/alerts/syd")).isFalse();
        assertThat(all.matchesTopic("telemed/v1/alerts/syd/p-1/x")).isFalse();
        assertThat(all.matchesTopic("telemed/v1/alerts//p-1")).isFalse();
        assertThat(all.matchesTopic("telemed/v1/rejected/syd/p-1")).isFalse();
        assertThat(all.matchesTopic("telemed/v1/devices/oxi-1/readings")).isFalse();
    }
}
