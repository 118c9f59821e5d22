package dk.telemed.gateway.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random mutations of valid payloads (fixed seed, so a failure reproduces): whatever the bytes,
 * the decoder answers with readings and rejections, never an exception, and accounts for
 * every reading it was given.
 */
class PayloadDecoderFuzzTest {
    static final long SEED = 20261125L;
    static final int ROUNDS = 20_000;
    static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    final PayloadDecoder decoder = new PayloadDecoder(Clock.fixed(NOW, ZoneOffset.UTC), 65536, 1000, Duration.ofMinutes(5));
    final Random random = new Random(SEED);

    static final List<String> SEEDS = List.of(
            "{\"msgId\": \"oxi-0001-000123\", \"ts\": \"2026-11-22T07:30:00+01:00\", \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}",
            "{\"msgId\": \"spiro-1\", \"readings\": [{\"ts\": \"2026-11-22T07:31:10Z\", \"type\": \"fev1\", \"value\": 1.42, \"unit\": \"L\"},"
                    + "{\"ts\": 1763796600000, \"type\": \"pef\", \"value\": 240, \"unit\": \"L/min\"}]}",
            "{\"ts\": 1763796600000, \"type\": \"glucose\", \"value\": \"LO\"}");
    static final String[] FRAGMENTS = {"{", "}", "[", "]", "\"", ",", ":", "null", "true", "-1", "1e309", "NaN", "\\u0000",
            "\u0001", "\"readings\"", "\"value\"", "\"ts\"", "\"type\"", "\"unit\"", "9".repeat(30), "\uD83D\uDE00", "\"HI\""};

    @Test
    void mutatedPayloadsNeverEscapeTheDecoder() {
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] payload = mutate(SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8));
            DecodedMessage m = decoder.decode(payload, "oxi-0001");
            assertThat(m.items().size() + m.rejections().size()).as("payload %d accounts for something", i).isPositive();
            m.rejections().forEach(r -> assertThat(r.reason()).isNotBlank());
            accepted += m.items().size();
            rejected += m.rejections().size();
        }
        // The mutations must exercise both outcomes, or the test proves nothing.
        assertThat(accepted).isGreaterThan(ROUNDS / 20);
        assertThat(rejected).isGreaterThan(ROUNDS / 2);
    }

    @Test
    void randomBytesAreMalformedNotFatal() {
        for (int i = 0; i < 2_000; i++) {
            byte[] payload = new byte[random.nextInt(300)];
            random.nextBytes(payload);
            DecodedMessage m = decoder.decode(payload, "oxi-0001");
            assertThat(m.items()).isEmpty();
            assertThat(m.rejections()).hasSize(1);
        }
    }

    private byte[] mutate(byte[] original) {
        List<Byte> bytes = new ArrayList<>(original.length + 16);
        for (byte b : original) {
            bytes.add(b);
        }
        int mutations = random.nextInt(4);
        for (int m = 0; m < mutations && !bytes.isEmpty(); m++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(5)) {
                case 0 -> bytes.remove(at);
                case 1 -> bytes.set(at, (byte) random.nextInt(256));
                case 2 -> insert(bytes, at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 3 -> bytes.subList(at, bytes.size()).clear();
                default -> insert(bytes, at, new String(new char[]{(char) bytes.get(at).byteValue()}).repeat(random.nextInt(8)));
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    private static void insert(List<Byte> bytes, int at, String text) {
        byte[] add = text.getBytes(StandardCharsets.UTF_8);
        for (int i = add.length - 1; i >= 0; i--) {
            bytes.add(at, add[i]);
        }
    }
}
