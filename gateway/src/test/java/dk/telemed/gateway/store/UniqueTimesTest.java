package dk.telemed.gateway.store;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class UniqueTimesTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void eventsOfTheSameInstantGetTimesOneNanosecondApartInTheOrderGiven() {
        UniqueTimes times = new UniqueTimes(random);
        Instant at = Instant.parse("2026-01-01T08:00:00.123Z");
        long first = times.nanos(at);
        assertThat(first).isEqualTo(1_767_254_400_123_000_000L);
        assertThat(times.nanos(at)).isEqualTo(first + 1);
        assertThat(times.nanos(at)).isEqualTo(first + 2);
        assertThat(times.nanos(at.plusMillis(1))).isEqualTo(first + 1_000_000);
    }

    @Test
    void anEarlierInstantAfterALaterOneStillGetsALaterTime() {
        UniqueTimes times = new UniqueTimes(random);
        long later = times.nanos(Instant.parse("2026-01-01T08:00:01Z"));
        assertThat(times.nanos(Instant.parse("2026-01-01T08:00:00Z"))).isEqualTo(later + 1);
    }

    @Test
    void everyWriterHasItsOwnSeries() {
        assertThat(new UniqueTimes(random).writer()).hasSize(16).isNotEqualTo(new UniqueTimes(random).writer());
    }
}
