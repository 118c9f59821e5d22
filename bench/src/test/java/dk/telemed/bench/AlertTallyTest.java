package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertTallyTest {

    private static byte[] event(String eventId, String event, String alertId, String patient, String rule) {
        return ("{\"eventId\":\"" + eventId + "\",\"alertId\":\"" + alertId + "\",\"event\":\"" + event
                + "\",\"patient\":\"" + patient + "\",\"type\":\"spo2\",\"rule\":\"" + rule + "\",\"readingTs\":\"2026-11-25T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAlertRaisedAgainAfterItResolvedIsNoDuplicate() {
        AlertTally a = AlertTally.of(List.of(
                event("e1", "raised", "a1", "p-1", "spo2.red.below"),
                event("e2", "resolved", "a1", "p-1", "spo2.red.below"),
                event("e3", "raised", "a2", "p-1", "spo2.red.below")));

        assertThat(a.alerts()).isEqualTo(2);
        assertThat(a.raisedTwice()).isZero();
        assertThat(a.raisedWhileOpen()).isZero();
    }

    @Test
    void oneAlertIdRaisedByTwoEventsIsRaisedTwice() {
        AlertTally a = AlertTally.of(List.of(
                event("e1", "raised", "a1", "p-1", "spo2.red.below"),
                event("e2", "raised", "a1", "p-1", "spo2.red.below")));

        assertThat(a.alerts()).isEqualTo(1);
        assertThat(a.raisedEvents()).isEqualTo(2);
        assertThat(a.raisedTwice()).isEqualTo(1);
        assertThat(a.examplesRaisedTwice()).singleElement().asString().contains("a1", "p-1");
        assertThat(a.deliveredAgain()).isZero();
    }

    @Test
    void theSameEventDeliveredAgainIsCountedApartAndIsNoSecondRaise() {
        AlertTally a = AlertTally.of(List.of(
                event("e1", "raised", "a1", "p-1", "spo2.red.below"),
                event("e1", "raised", "a1", "p-1", "spo2.red.below")));

        assertThat(a.alerts()).isEqualTo(1);
        assertThat(a.raisedEvents()).isEqualTo(1);
        assertThat(a.raisedTwice()).isZero();
        assertThat(a.deliveredAgain()).isEqualTo(1);
    }

    @Test
    void aSecondAlertForTheSameConditionWhileTheFirstIsOpenIsCounted() {
        AlertTally a = AlertTally.of(List.of(
                event("e1", "raised", "a1", "p-1", "spo2.red.below"),
                event("e2", "raised", "a2", "p-1", "spo2.red.below"),
                event("e3", "raised", "b1", "p-2", "spo2.red.below")));

        assertThat(a.alerts()).isEqualTo(3);
        assertThat(a.raisedWhileOpen()).isEqualTo(1);
        assertThat(a.examplesWhileOpen()).singleElement().asString().contains("p-1", "a2", "a1");
    }

    @Test
    void anAlertThatEscalatedAndResolvedLeavesNoOpenAlertUnderTheRuleItWasRaisedWith() {
        AlertTally a = AlertTally.of(List.of(
                event("e1", "raised", "a1", "p-1", "spo2.yellow.below"),
                event("e2", "escalated", "a1", "p-1", "spo2.red.below"),
                event("e3", "resolved", "a1", "p-1", "spo2.red.below"),
                event("e4", "raised", "a2", "p-1", "spo2.yellow.below")));

        assertThat(a.alerts()).isEqualTo(2);
        assertThat(a.raisedWhileOpen()).isZero();
    }

    @Test
    void aPayloadThatIsNotJsonIsSkipped() {
        AlertTally a = AlertTally.of(List.of("not json".getBytes(StandardCharsets.UTF_8),
                event("e1", "raised", "a1", "p-1", "spo2.red.below")));

        assertThat(a.alerts()).isEqualTo(1);
    }

    @Test
    void raisedForCountsDistinctAlertIdsOfOnePatient() {
        List<byte[]> events = List.of(
                event("e1", "raised", "a1", "p-1", "spo2.red.below"),
                event("e1", "raised", "a1", "p-1", "spo2.red.below"),
                event("e2", "resolved", "a1", "p-1", "spo2.red.below"),
                event("e3", "raised", "a2", "p-1", "spo2.red.below"),
                event("e4", "raised", "b1", "p-2", "spo2.red.below"));

        assertThat(AlertTally.raisedFor(events, "p-1")).isEqualTo(2);
        assertThat(AlertTally.raisedFor(events, "p-2")).isEqualTo(1);
        assertThat(AlertTally.raisedFor(events, "p-3")).isZero();
    }
}
