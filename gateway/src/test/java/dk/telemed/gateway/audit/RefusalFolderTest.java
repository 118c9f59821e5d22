package dk.telemed.gateway.audit;

import dk.telemed.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalFolderTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:05Z"));
    final RefusalFolder folder = new RefusalFolder(clock, 3);

    AuditEntry tokenless(String path) {
        return new AuditEntry(clock.instant(), "(unknown)", "none", "fhir.read", Optional.empty(), "unauthenticated",
                "GET " + path + ": no bearer token and no session");
    }

    @Test
    void aFloodFromOneSourceIsOneEntryAndOneCountPerMinute() {
        List<AuditEntry> written = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            written.addAll(folder.offer("10.0.0.7", tokenless("/fhir/Patient/p-" + i)));
        }
        assertThat(written).singleElement().satisfies(e -> assertThat(e.detail()).contains("/fhir/Patient/p-0"));
        assertThat(folder.flush()).as("the minute is not over").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(folder.flush()).singleElement().satisfies(e -> {
            assertThat(e.detail()).isEqualTo("and 19999 more like this from 10.0.0.7 in the minute from 2026-12-06T10:00:00Z (folded)");
            assertThat(e.action()).isEqualTo("fhir.read");
            assertThat(e.outcome()).isEqualTo("unauthenticated");
            assertThat(e.at()).isEqualTo(Instant.parse("2026-12-06T10:01:00Z"));
        });
        assertThat(folder.folded()).isEqualTo(19_999);
        assertThat(folder.offer("10.0.0.7", tokenless("/fhir/Flag"))).as("a new minute starts afresh").hasSize(1);
    }

    @Test
    void atShutdownTheCountsOfTheMinuteSoFarAreWritten() {
        for (int i = 0; i < 5; i++) {
            folder.offer("10.0.0.8", tokenless("/fhir/Flag"));
        }
        assertThat(folder.flushAll()).extracting(AuditEntry::detail)
                .containsExactly("and 4 more like this from 10.0.0.8 in the minute from 2026-12-06T10:00:00Z (folded)");
        assertThat(folder.flushAll()).as("written once").isEmpty();
    }

    @Test
    void eachSourceAndUserIsToldApartUpToTheLimitThenTheRestShareOneTally() {
        List<AuditEntry> written = new ArrayList<>();
        for (int source = 0; source < 10; source++) {
            for (int i = 0; i < 5; i++) {
                written.addAll(folder.offer("10.0.1." + source, tokenless("/fhir/Flag")));
            }
        }
        assertThat(written).as("three sources, then one for the others").hasSize(4);
        clock.advance(Duration.ofMinutes(2));
        assertThat(folder.flush()).extracting(AuditEntry::detail).containsExactly(
                "and 4 more like this from 10.0.1.0 in the minute from 2026-12-06T10:00:00Z (folded)",
                "and 4 more like this from 10.0.1.1 in the minute from 2026-12-06T10:00:00Z (folded)",
                "and 4 more like this from 10.0.1.2 in the minute from 2026-12-06T10:00:00Z (folded)",
                "and 34 more like this from (other sources) in the minute from 2026-12-06T10:00:00Z (folded)");
    }
}
