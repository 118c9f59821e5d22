package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcessStatsTest {
    @Test
    void cpuIsUserPlusSystemTimeCountedAfterTheCommandName() {
        // A command name with spaces and parentheses, as a thread can have: fields count from the last ')'.
        String stat = "4242 (MQTT Rec: (x) y) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1234 567 0 0 20 0 42 0 123 0 0";
        assertThat(ProcessStats.cpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void residentSetAndItsPeakFromStatus() {
        String status = """
                Name:\tjava
                VmPeak:\t 4000000 kB
                VmHWM:\t  300123 kB
                VmRSS:\t  250000 kB
                Threads:\t42
                """;
        Map<String, Long> kib = ProcessStats.statusKiB(status);
        assertThat(kib).containsEntry("VmHWM", 300_123L).containsEntry("VmRSS", 250_000L);
        assertThat(kib).doesNotContainKey("Threads");
    }

    @Test
    void coresBetweenTwoSnapshots() {
        ProcessStats.Snapshot a = new ProcessStats.Snapshot(0, 1_000, 0, 0);
        ProcessStats.Snapshot b = new ProcessStats.Snapshot(2_000_000_000L, 1_150, 0, 0);
        assertThat(b.coresSince(a)).isCloseTo(0.75, within(1e-9));
        assertThat(b.cpuSecondsSince(a)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void jvmThreadsFallIntoGroups() {
        assertThat(ProcessStats.threadGroup("GC Thread#1")).isEqualTo("garbage collector");
        assertThat(ProcessStats.threadGroup("G1 Conc#0")).isEqualTo("garbage collector");
        assertThat(ProcessStats.threadGroup("C2 CompilerThre")).isEqualTo("JIT compiler");
        assertThat(ProcessStats.threadGroup("vert.x-eventloo")).isEqualTo("event loop");
        assertThat(ProcessStats.threadGroup("MQTT Rec: telem")).isEqualTo("MQTT client (Paho)");
        assertThat(ProcessStats.threadGroup("influx-writer-0")).isEqualTo("InfluxDB writes");
        assertThat(ProcessStats.threadGroup("main")).isEqualTo("other");
    }

    @Test
    void readsThisVeryProcess() {
        ProcessStats.Snapshot self = ProcessStats.read(ProcessHandle.current().pid());
        assertThat(self.rssKiB()).isPositive();
        assertThat(self.peakRssKiB()).isGreaterThanOrEqualTo(self.rssKiB());
        assertThat(ProcessStats.threadTicks(ProcessHandle.current().pid())).isNotEmpty();
    }
}
