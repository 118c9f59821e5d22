package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailoverReportTest {

    private static Failover.Result result(long lost, int raisedTwice) {
        List<Takeover> takeovers = List.of(new Takeover(5_800, 6_100, 263, 5, 619), new Takeover(6_450, 7_500, 2_107, 8, 1_060),
                new Takeover(7_400, 7_560, 829, 4, 682));
        AlertTally alerts = new AlertTally(6, 6 + raisedTwice, raisedTwice, 0,
                raisedTwice == 0 ? List.of() : List.of("a1 [p-fo-1 spo2.red.below 2026-12-06T14:46:20Z]"), 0, List.of());
        return new Failover.Result(3, 4_000, 1_000, takeovers, Spread.of(List.of(6_100.0, 7_500.0, 7_560.0)),
                Spread.of(List.of(5_800.0, 6_450.0, 7_400.0)), 104_088, 104_088 - lost, lost, alerts, 1, 3, 3, false, "1.00 1.00 1.00");
    }

    @Test
    void theSectionGivesEveryRunTheMedianAndMaxAndTheSessionTimeout() {
        String md = FailoverReport.section(result(0, 0));

        assertThat(md).startsWith("## Failover\n").contains("session timeout of **4000 ms**");
        assertThat(md).contains("| 1 | 5,800 | 6,100 | 263 | 5 / 619 |", "| 2 | 6,450 | 7,500 | 2,107 | 8 / 1,060 |");
        assertThat(md).contains("| **median / max** | 6,450 / 7,400 | **7,500 / 7,560** |");
        assertThat(md).contains("**0 lost**", "**0 raised twice**", "3 of 3 raised once");
    }

    @Test
    void lostReadingsAndAnAlertRaisedTwiceAreNamed() {
        String md = FailoverReport.section(result(12, 1));

        assertThat(md).contains("104,076 in InfluxDB: **12 lost**", "**1 raised twice**", "e.g. a1 [p-fo-1");
    }

    @Test
    void theReadmeRowHasMedianMaxLostAndRaisedTwice() {
        assertThat(FailoverReport.readmeRow(result(0, 0)))
                .isEqualTo("| failover, `kill -9` of the active → first reading stored by the standby, median / max ms"
                        + " (3 runs, session timeout 4000 ms); readings lost; alerts raised twice | 7,500 / 7,560; 0; 0 | |\n");
    }
}
