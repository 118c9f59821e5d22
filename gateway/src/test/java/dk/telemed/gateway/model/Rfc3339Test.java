package dk.telemed.gateway.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rfc3339's own reading accepts and refuses exactly what java.time's ISO_OFFSET_DATE_TIME does. */
class Rfc3339Test {
    static Instant iso(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    static void sameAsIso(String text) {
        Instant expected;
        try {
            expected = iso(text);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> Rfc3339.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(Rfc3339.parse(text)).as(text).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-22T07:30:00+01:00", "2026-11-22T06:30:00Z", "2026-11-22T07:30:00.5+01:00", "2026-11-22T07:30:00.123Z",
            "2026-11-22T07:30:00.123456789-03:30", "2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "0000-03-01T00:00:00+18:00", "9999-12-31T23:59:59-18:00",
            "2026-11-22T07:30:00-00:00", "2026-11-22T07:30:00+14:45",
            // refused, or of another shape that the formatter reads
            "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-11-00T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T23:60:00Z", "2026-11-22T23:59:60Z",
            "2026-11-22T07:30:00", "2026-11-22T07:30Z", "2026-11-22t07:30:00z", "2026-11-22T07:30:00.Z",
            "2026-11-22T07:30:00.1234567890Z", "2026-11-22T07:30:00+18:01", "2026-11-22T07:30:00+19:00", "2026-11-22T07:30:00+01:60",
            "2026-11-22T07:30:00+0100", "2026-11-22T07:30:00+01", "2026-11-22T07:30:00+01:00:30", "2026-11-22T07:30:00+01:00 ",
            " 2026-11-22T07:30:00Z", "2026-11-22 07:30:00Z", "+2026-11-22T07:30:00Z", "20261-11-22T07:30:00Z",
            "2026-1a-22T07:30:00Z", "2026-11-22T07:30:00ZZ", "2026-11-22T07:30:00.12a4Z", "2026-11-22T07:3:00Z",
            "2026-11-22T07:30:00.+01:00", "２０２６-11-22T07:30:00Z", ""
    })
    void readsAndRefusesLikeTheIsoFormatter(String text) {
        sameAsIso(text);
    }

    @Test
    void agreesWithTheIsoFormatterOnManyInstantsAndOffsets() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong() % 253_402_300_799L;
            Instant instant = Instant.ofEpochSecond(Math.abs(second) - 62_135_596_800L * (random.nextInt(8) == 0 ? 1 : 0),
                    random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(35) - 17) * 3600 + (random.nextInt(4) == 0 ? 1800 : 0));
            String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(offset));
            sameAsIso(text);
            // A damaged copy: one character replaced.
            char[] damaged = text.toCharArray();
            damaged[random.nextInt(damaged.length)] = "0123456789-:+TZ.x".charAt(random.nextInt(17));
            sameAsIso(new String(damaged));
        }
    }
}
