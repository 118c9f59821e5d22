package dk.telemed.gateway.rules;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LateReadingsTest {
    static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void theMarkIsTheOldestLateReadingAndFollowsALateDeviceForwardSpanBySpan() {
        LateReadings late = new LateReadings(4);
        for (int i = 0; i < 3; i++) {
            late.arrived(T.plusSeconds(i), 1000);
        }
        assertThat(late.oldest(0)).contains(T);
        // The fourth starts a new span; the first span's oldest still counts, until the span after.
        for (int i = 3; i < 8; i++) {
            late.arrived(T.plusSeconds(i), 1000);
        }
        assertThat(late.oldest(0)).contains(T.plusSeconds(3));
    }

    @Test
    void aSecondLateDeviceFurtherBehindHoldsTheMark() {
        LateReadings late = new LateReadings(4);
        late.arrived(T.plusSeconds(100), 1000);
        late.arrived(T.plusSeconds(5), 1000);
        late.arrived(T.plusSeconds(101), 1000);
        assertThat(late.oldest(0)).contains(T.plusSeconds(5));
    }

    @Test
    void noMarkOnceNoReadingHasBeenLateSinceTheGivenTime() {
        LateReadings late = new LateReadings(4);
        assertThat(late.oldest(0)).isEmpty();
        late.arrived(T, 1000);
        assertThat(late.oldest(1001)).isEmpty();
        assertThat(late.oldest(0)).isEmpty();
    }
}
