package dk.telemed.sim.payload;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class Rfc3339Test {

    @Test
    void agreesWithJavaTimeForRandomInstantsAndOffsets() {
        SplittableRandom r = new SplittableRandom(1);
        int[] offsets = {0, 3600, 7200, -18000, 19800, -34200};
        for (int i = 0; i < 100_000; i++) {
            long millis = r.nextLong(-2_000_000_000_000L, 7_000_000_000_000L);
            if (i % 3 == 0) {
                millis -= millis % 1000; // whole seconds, written without a fraction
            }
            int offset = offsets[i % offsets.length];
            ByteBuf buf = new ByteBuf(64);
            Rfc3339.append(buf, millis, offset, i % 2 == 0);
            String text = new String(buf.toArray(), StandardCharsets.US_ASCII);
            assertThat(OffsetDateTime.parse(text).toInstant().toEpochMilli()).as(text).isEqualTo(millis);
            String pattern = millis % 1000 == 0 ? "uuuu-MM-dd'T'HH:mm:ssXXX" : "uuuu-MM-dd'T'HH:mm:ss.SSSXXX";
            String expected = OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.ofTotalSeconds(offset))
                    .format(DateTimeFormatter.ofPattern(pattern));
            if (offset == 0 && i % 2 != 0) {
                expected = expected.replace("Z", "+00:00");
            }
            assertThat(text).isEqualTo(expected);
        }
    }
}
