package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CatchupAlertsTest {
    private static final Instant LATE_BEFORE = Instant.parse("2026-12-06T14:00:00Z");

    private static byte[] event(String alertId, String eventId, String event, String patient, String readingTs, boolean late) {
        String ts = readingTs == null ? "null" : "\"" + readingTs + "\"";
        return ("{\"eventId\":\"" + eventId + "\",\"alertId\":\"" + alertId + "\",\"event\":\"" + event + "\",\"patient\":\"" + patient
                + "\",\"rule\":\"spo2.red.below\",\"readingTs\":" + ts + ",\"late\":" + late + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void alertsForOldReadingsAreCountedAsMarkedLateOrNot() {
        CatchupAlerts a = CatchupAlerts.of(List.of(
                event("a1", "e1", "raised", "hub-p0", "2026-12-03T10:00:00Z", true),
                event("a1", "e2", "resolved", "hub-p0", "2026-12-03T10:00:00Z", true),
                event("a2", "e3", "raised", "hub-p1", "2026-12-05T10:00:00Z", true),
                event("a3", "e4", "raised", "hub-p1", "2026-12-05T11:00:00Z", false),
                event("a4", "e5", "raised", "live-p3", "2026-12-06T14:55:00Z", false),
                event("a5", "e6", "raised", "hub-p2", null, false),
                "not json".getBytes(StandardCharsets.UTF_8)), LATE_BEFORE);

        assertThat(a.raised()).isEqualTo(4);
        assertThat(a.fromOldReadings()).isEqualTo(3);
        assertThat(a.markedLate()).isEqualTo(2);
        assertThat(a.recentMarkedLate()).isZero();
        assertThat(a.withoutReading()).isEqualTo(1);
        assertThat(a.patients()).containsExactly("hub-p0", "hub-p1", "live-p3");
        assertThat(a.examplesNotLate()).containsExactly("hub-p1 spo2.red.below 2026-12-05T11:00:00Z");
        assertThat(a.everyOldOneLate()).isFalse();
    }

    @Test
    void everyOldOneLateAndNoRecentOneLateIsWhatPasses() {
        CatchupAlerts ok = CatchupAlerts.of(List.of(event("a1", "e1", "raised", "hub-p0", "2026-12-03T10:00:00Z", true),
                event("a1", "e1", "raised", "hub-p0", "2026-12-03T10:00:00Z", true)), LATE_BEFORE);
        CatchupAlerts recentLate = CatchupAlerts.of(List.of(event("a1", "e1", "raised", "live-p0", "2026-12-06T14:30:00Z", true)),
                LATE_BEFORE);

        assertThat(ok.raised()).isEqualTo(1);
        assertThat(ok.everyOldOneLate()).isTrue();
        assertThat(recentLate.recentMarkedLate()).isEqualTo(1);
        assertThat(recentLate.everyOldOneLate()).isFalse();
    }
}
