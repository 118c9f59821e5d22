package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CatchupReportTest {
    private static final JfrSummary PROFILE = new JfrSummary(1_200, Map.of(),
            new LinkedHashMap<>(Map.of("dk.telemed.gateway.rules.RulesEngine.judge", 0.41)), Map.of(), 14, 0.3, 31);

    private static Catchup.Result result(long lost, int markedLate, double judgedSeconds, boolean dropped) {
        CatchupAlerts alerts = new CatchupAlerts(3, 3, markedLate, 0, 0, List.of("bench-cu-hub-p0", "bench-cu-hub-p1"),
                markedLate == 3 ? List.of() : List.of("bench-cu-hub-p1 spo2.yellow.below 2026-12-04T10:00:00Z"));
        return new Catchup.Result(400, Duration.ofMinutes(10), 1000, 50, 240_000, 100_800, 245_050, 1_000_000, dropped, 340_800,
                19.5, 4.2, judgedSeconds - 1, judgedSeconds, 340_800 / judgedSeconds, 180.4, 256, 410.2, 340_800 - lost, lost, false,
                alerts, markedLate == 3 ? 2 : 1, 0.95, 0.41, 0.52, "9.1 9.0 9.5", markedLate == 3 ? PROFILE : null);
    }

    @Test
    void theSectionStatesTheLiveRateTheQueueTheTimeTheRateAndItsMultiple() {
        String md = CatchupReport.section(result(0, 3, 60, false));

        assertThat(md).startsWith("## Catch-up after an outage\n").contains("**400 readings/s live**", "load average 9.1 9.0 9.5");
        assertThat(md).contains("| 340,800 (240,000 + 100,800) |", "| 245,050 / 1,000,000; no |");
        assertThat(md).contains("| **60.0** |", "| **catch-up rate, readings/s** (from the gateway's start) | **5,680** |");
        assertThat(md).contains("| ÷ the live rate (400 readings/s); target ≥ 10 | 14.2 (met) |");
        assertThat(md).contains("| 180.4 / 256; 410.2 |", "| 3; 3 of 3 |", "| 340,800; **0** |");
        assertThat(md).contains("bench-cu-hub-p0, bench-cu-hub-p1", "| 2 of 2 |", "| 0.95, 0.41, 0.52 |");
        assertThat(md).contains("1200 execution samples over 31 s; GC paused it 14 times, 0.3 s in all", "`RulesEngine.judge` 41 %");
    }

    @Test
    void aSlowCatchUpLostReadingsAlertsNotMarkedLateAndDroppedMessagesAreNamed() {
        String md = CatchupReport.section(result(12, 2, 1_000, true));

        assertThat(md).doesNotContain("Profile of the returning gateway");
        assertThat(md).contains("| 0.9 (not met) |", "| 340,788; **12** |", "; **yes** |", "| 1 of 2 |");
        assertThat(md).contains("| 3; 2 of 3 (**not all**, e.g. bench-cu-hub-p1 spo2.yellow.below 2026-12-04T10:00:00Z) |");
    }

    @Test
    void aCatchUpThatNeverEndedSaysSo() {
        String md = CatchupReport.section(result(0, 3, Double.NaN, false));

        assertThat(md).contains("| **not within the phase's time** |", "| **–** |");
    }

    @Test
    void theReadmeRowHasTimeRateMultipleHeapLateAlertsAndLost() {
        assertThat(CatchupReport.readmeRow(result(0, 3, 60, false)))
                .isEqualTo("| catch-up after a 10-minute outage (340,800 readings queued): s until all stored and judged; readings/s"
                        + " (× the live 400/s); heap at most of 256 MiB; backlog alerts marked late; readings lost"
                        + " | 60.0 s; 5,680 (× 14.2); 180.4 MiB; 3 of 3; 0 | |\n");
    }
}
