package dk.telemed.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetClockTest {
    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    final Clock system = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void movesBySystemTimePlusTheDurationInTheFileAndFollowsItsChanges() throws Exception {
        Path file = Files.writeString(dir.resolve("offset"), "PT0S\n");
        Clock clock = new OffsetClock(file, system, ZoneOffset.UTC);
        assertThat(clock.instant()).isEqualTo(NOW);
        Files.writeString(file, "PT3S\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(1)));
        assertThat(clock.instant()).isEqualTo(NOW.plusSeconds(3));
        assertThat(clock.withZone(ZoneId.of("Europe/Copenhagen")).instant()).isEqualTo(NOW.plusSeconds(3));
    }

    @Test
    void aMissingOrUnreadableFileKeepsTheOffsetLastRead() throws Exception {
        Path file = dir.resolve("offset");
        Clock clock = new OffsetClock(file, system, ZoneOffset.UTC);
        assertThat(clock.instant()).as("no file yet").isEqualTo(NOW);
        Files.writeString(file, "PT1M");
        assertThat(clock.instant()).isEqualTo(NOW.plusSeconds(60));
        Files.writeString(file, "soon");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(1)));
        assertThat(clock.instant()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void onlyTheSystemPropertyTurnsItOn() {
        assertThat(System.getProperty(OffsetClock.PROPERTY)).isNull();
        assertThat(OffsetClock.fromProperty()).isEmpty();
    }
}
