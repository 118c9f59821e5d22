package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleOutAlertsTest {

    private static byte[] event(String event, String alertId, String patient, String rule) {
        return ("{\"eventId\":\"" + event + "-" + alertId + "\",\"alertId\":\"" + alertId + "\",\"event\":\"" + event
                + "\",\"patient\":\"" + patient + "\",\"type\":\"spo2\",\"rule\":\"" + rule + "\",\"readingTs\":\"2026-11-25T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAlertRaisedAgainAfterItResolvedIsNoDuplicate() {
        ScaleOut.Alerts a = ScaleOut.alerts(2, 2, 1, List.of(
                event("raised", "a1", "p-1", "spo2.red.below"),
                event("resolved", "a1", "p-1", "spo2.red.below"),
                event("raised", "a2", "p-1", "spo2.red.below")), List.of());

        assertThat(a.alerts()).isEqualTo(2);
        assertThat(a.alertsRaisedTwice()).isZero();
        assertThat(a.raisedWhileOpen()).isZero();
    }

    @Test
    void aSecondAlertForTheSameConditionWhileTheFirstIsOpenIsCounted() {
        ScaleOut.Alerts a = ScaleOut.alerts(2, 2, 0, List.of(
                event("raised", "a1", "p-1", "spo2.red.below"),
                event("raised", "a2", "p-1", "spo2.red.below"),
                event("raised", "b1", "p-2", "spo2.red.below")), List.of());

        assertThat(a.alerts()).isEqualTo(3);
        assertThat(a.raisedWhileOpen()).isEqualTo(1);
        assertThat(a.examplesWhileOpen()).singleElement().asString().contains("p-1", "a2", "a1");
    }

    @Test
    void theSameAlertRaisedTwiceIsCounted() {
        ScaleOut.Alerts a = ScaleOut.alerts(1, 1, 0, List.of(
                event("raised", "a1", "p-1", "spo2.red.below"),
                event("raised", "a1", "p-1", "spo2.red.below")), List.of());

        assertThat(a.alerts()).isEqualTo(1);
        assertThat(a.raisedEvents()).isEqualTo(2);
        assertThat(a.alertsRaisedTwice()).isEqualTo(1);
        assertThat(a.raisedWhileOpen()).isZero();
    }

    @Test
    void anAlertThatEscalatedAndResolvedLeavesNoOpenAlertUnderTheRuleItWasRaisedWith() {
        ScaleOut.Alerts a = ScaleOut.alerts(0, 0, 0, List.of(
                event("raised", "a1", "p-1", "spo2.yellow.below"),
                event("escalated", "a1", "p-1", "spo2.red.below"),
                event("resolved", "a1", "p-1", "spo2.red.below"),
                event("raised", "a2", "p-1", "spo2.yellow.below")), List.of());

        assertThat(a.alerts()).isEqualTo(2);
        assertThat(a.raisedWhileOpen()).isZero();
    }
}
