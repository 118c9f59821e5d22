package dk.telemed.gateway.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WordingTest {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    @Test
    void whenReadsLikeTheFormatterAcrossMinutesZonesAndOffsetChanges() {
        List<ZoneId> zones = List.of(ZoneId.of("Europe/Copenhagen"), ZoneId.of("UTC"), ZoneId.of("Asia/Kolkata"),
                ZoneId.of("America/St_Johns"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("+05:45"));
        // Around Copenhagen's switch to summer time, second by second, then anywhere.
        Instant switchover = Instant.parse("2026-03-29T00:58:00Z");
        for (int i = 0; i < 300; i++) {
            Instant t = switchover.plusSeconds(i);
            for (ZoneId zone : zones) {
                assertThat(Wording.when(t, zone)).as("%s in %s", t, zone).isEqualTo(WHEN.format(t.atZone(zone)));
            }
        }
        Random random = new Random(7);
        Instant t = Instant.parse("1890-01-01T00:00:00Z");
        for (int i = 0; i < 20_000; i++) {
            t = t.plus(Duration.ofMillis(random.nextInt(4) == 0 ? random.nextInt(90_000) : Math.abs(random.nextLong() % 86_400_000_000L)));
            ZoneId zone = zones.get(random.nextInt(zones.size()));
            assertThat(Wording.when(t, zone)).as("%s in %s", t, zone).isEqualTo(WHEN.format(t.atZone(zone)));
        }
    }

    @Test
    void theSameMinuteInAnotherZoneIsNotTakenFromTheLastAnswer() {
        Instant t = Instant.parse("2026-11-22T06:30:10Z");
        assertThat(Wording.when(t, ZoneId.of("Europe/Copenhagen"))).isEqualTo("2026-11-22 07:30 +01:00");
        assertThat(Wording.when(t.plusSeconds(5), ZoneId.of("Europe/Copenhagen"))).isEqualTo("2026-11-22 07:30 +01:00");
        assertThat(Wording.when(t, ZoneId.of("UTC"))).isEqualTo("2026-11-22 06:30 +00:00");
        assertThat(Wording.when(t.plusSeconds(50), ZoneId.of("Europe/Copenhagen"))).isEqualTo("2026-11-22 07:31 +01:00");
    }
}
