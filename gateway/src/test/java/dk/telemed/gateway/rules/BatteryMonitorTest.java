package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatteryMonitorTest {
    final BatteryMonitor monitor = new BatteryMonitor(20, 10, "teknik");

    @Test
    void belowTheLimitRaisesForTheTechnicalTeamAndOnlyAboveTheMarginResolves() {
        var p = Fixtures.patient("p-1", "copd");
        Verdict.Alarm low = (Verdict.Alarm) monitor.judge(p, "oxi-1", 19).orElseThrow();
        assertThat(low.careTeam()).isEqualTo("teknik");
        assertThat(low.severity()).isEqualTo(Severity.YELLOW);
        assertThat(low.key()).isEqualTo(AlertKey.battery("p-1", "oxi-1"));
        assertThat(low.message()).isEqualTo("Device oxi-1 battery at 19 % (below 20 %): charge or replace it");
        assertThat(monitor.judge(p, "oxi-1", 20)).isEmpty();
        assertThat(monitor.judge(p, "oxi-1", 29)).isEmpty();
        assertThat(monitor.judge(p, "oxi-1", 30)).get().isInstanceOf(Verdict.Clear.class);
    }
}
