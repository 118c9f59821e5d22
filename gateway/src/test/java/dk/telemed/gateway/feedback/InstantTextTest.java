package dk.telemed.gateway.feedback;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The sending time of a feedback message reads as Instant.toString() writes it, whatever second came before. */
class InstantTextTest {
    final InstantText text = new InstantText();

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T07:00:00Z", "2026-11-22T07:00:00.100Z", "2026-11-22T07:00:00.001Z",
            "2026-11-22T07:00:00.000100Z", "2026-11-22T07:00:00.123456Z", "2026-11-22T07:00:00.000000001Z",
            "2026-11-22T07:00:00.999999999Z", "2026-11-22T07:00:59.5Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00.01Z",
            "+10000-01-01T00:00:00.5Z", "-0001-12-31T23:59:59.25Z"})
    void asInstantToStringWritesIt(String written) {
        Instant t = Instant.parse(written);
        assertThat(text.format(t)).isEqualTo(t.toString());
        // The same second again, with another fraction: the date and time of day are reused.
        Instant later = t.plusNanos(t.getNano() == 0 ? 7_000_000 : -t.getNano());
        assertThat(text.format(later)).isEqualTo(later.toString());
        assertThat(text.format(t.plusSeconds(1))).isEqualTo(t.plusSeconds(1).toString());
    }
}
