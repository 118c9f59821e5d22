package dk.telemed.gateway.ingest;

import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RejectionCode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PayloadDecoderTest {
    static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    final PayloadDecoder decoder = new PayloadDecoder(Clock.fixed(NOW, ZoneOffset.UTC), 65536, 1000, Duration.ofMinutes(5));

    DecodedMessage decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8), "oxi-0001");
    }

    DecodedItem.Measured single(String json) {
        DecodedMessage m = decode(json);
        assertThat(m.rejections()).isEmpty();
        assertThat(m.items()).hasSize(1);
        return (DecodedItem.Measured) m.items().get(0);
    }

    RejectionCode rejectionOf(String json) {
        DecodedMessage m = decode(json);
        assertThat(m.items()).isEmpty();
        assertThat(m.rejections()).hasSize(1);
        return m.rejections().get(0).code();
    }

    @Test
    void singleFormFromTheInterface() {
        DecodedMessage m = decode("{\"msgId\": \"oxi-0001-000123\", \"ts\": \"2026-11-22T07:30:00+01:00\", \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}");
        assertThat(m.msgId()).contains("oxi-0001-000123");
        DecodedItem.Measured r = (DecodedItem.Measured) m.items().get(0);
        assertThat(r.type()).isEqualTo(MeasurementType.SPO2);
        assertThat(r.ts()).isEqualTo(Instant.parse("2026-11-22T06:30:00Z"));
        assertThat(r.value()).isEqualTo(91.0);
    }

    @Test
    void batchFormFromTheInterface() {
        DecodedMessage m = decode("""
                {"msgId": "spiro-0001-000042",
                 "readings": [
                   {"ts": "2026-11-22T07:31:10Z", "type": "fev1", "value": 1.42, "unit": "L"},
                   {"ts": "2026-11-22T07:31:10Z", "type": "fvc",  "value": 2.61, "unit": "L"},
                   {"ts": "2026-11-22T07:31:10Z", "type": "pef",  "value": 240,  "unit": "L/min"}]}""");
        assertThat(m.msgId()).contains("spiro-0001-000042");
        assertThat(m.rejections()).isEmpty();
        assertThat(m.items()).extracting(DecodedItem::type)
                .containsExactly(MeasurementType.FEV1, MeasurementType.FVC, MeasurementType.PEF);
    }

    @Test
    void epochMillisecondTimestamps() {
        assertThat(single("{\"ts\": 1763796600000, \"type\": \"pulse\", \"value\": 72, \"unit\": \"/min\"}").ts())
                .isEqualTo(Instant.ofEpochMilli(1763796600000L));
    }

    @Test
    void msgIdIsOptional() {
        assertThat(decode("{\"ts\": 1763796600000, \"type\": \"pulse\", \"value\": 72, \"unit\": \"/min\"}").msgId()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "spo2, 95, %, 95",
            "spo2, 0.95, 1, 95",
            "pulse, 72, /min, 72",
            "pulse, 72, bpm, 72",
            "pulse, 72, BPM, 72",
            "resp_rate, 18, /min, 18",
            "weight, 80, kg, 80",
            "weight, 80000, g, 80",
            "weight, 176.37, [lb_av], 80.0",
            "weight, 176.37, lb, 80.0",
            "fev1, 1.42, L, 1.42",
            "fev1, 1420, mL, 1.42",
            "fvc, 2610, ml, 2.61",
            "pef, 240, L/min, 240",
            "pef, 4, L/s, 240",
            "glucose, 5.5, mmol/L, 5.5",
            "glucose, 99.088, mg/dL, 5.5",
            "glucose, 5.5, MMOL/L, 5.5",
            "ketones, 0.6, mmol/L, 0.6",
            "temperature, 37.0, Cel, 37.0",
            "temperature, 98.6, [degF], 37.0",
            "bp_sys, 130, mm[Hg], 130",
            "bp_sys, 130, mmHg, 130",
            "bp_dia, 85, mmHg, 85",
    })
    void everyTypeAndUnitConvertsToTheCanonicalUnit(String type, double value, String unit, double canonical) {
        DecodedItem.Measured r = single("{\"ts\": \"2026-11-22T07:00:00Z\", \"type\": \"" + type + "\", \"value\": " + value
                + ", \"unit\": \"" + unit + "\"}");
        assertThat(r.value()).isCloseTo(canonical, within(0.01));
    }

    @Test
    void loAndHiAreDeviceLimitsNotValues() {
        DecodedMessage m = decode("{\"readings\": [{\"ts\": 1763796600000, \"type\": \"glucose\", \"value\": \"LO\"},"
                + "{\"ts\": 1763796600001, \"type\": \"glucose\", \"value\": \"HI\", \"unit\": \"mmol/L\"}]}");
        assertThat(m.rejections()).isEmpty();
        assertThat(m.items()).extracting(i -> ((DecodedItem.BeyondRange) i).side())
                .containsExactly(DeviceLimit.Side.LO, DeviceLimit.Side.HI);
    }

    @Nested
    class Rejections {
        @Test
        void malformedJson() {
            assertThat(rejectionOf("{\"ts\": 1763796600000, \"type\": ")).isEqualTo(RejectionCode.MALFORMED_JSON);
            assertThat(rejectionOf("")).isEqualTo(RejectionCode.MALFORMED_JSON);
            assertThat(rejectionOf("[1,2]")).isEqualTo(RejectionCode.MALFORMED_JSON);
            assertThat(rejectionOf("{\"readings\": 5}")).isEqualTo(RejectionCode.MALFORMED_JSON);
            assertThat(rejectionOf("{\"a\":1} {\"b\":2}")).isEqualTo(RejectionCode.MALFORMED_JSON);
        }

        @Test
        void nanAndDuplicateKeysAndDeepNestingAreMalformed() {
            assertThat(rejectionOf("{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": NaN, \"unit\": \"%\"}"))
                    .isEqualTo(RejectionCode.MALFORMED_JSON);
            assertThat(rejectionOf("{\"ts\": 1763796600000, \"type\": \"spo2\", \"type\": \"pulse\", \"value\": 90, \"unit\": \"%\"}"))
                    .isEqualTo(RejectionCode.MALFORMED_JSON);
            assertThat(rejectionOf("[".repeat(5000) + "]".repeat(5000))).isEqualTo(RejectionCode.MALFORMED_JSON);
        }

        @Test
        void invalidUtf8IsMalformed() {
            byte[] payload = "{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 90, \"unit\": \"%\", \"x\": \"\"}".getBytes(StandardCharsets.UTF_8);
            byte[] bad = new byte[payload.length + 2];
            System.arraycopy(payload, 0, bad, 0, payload.length - 2);
            bad[payload.length - 2] = (byte) 0xC3;
            bad[payload.length - 1] = (byte) 0x28;
            bad[payload.length] = '"';
            bad[payload.length + 1] = '}';
            assertThat(decoder.decode(bad, "oxi-0001").rejections()).extracting(Rejection::code).containsExactly(RejectionCode.MALFORMED_JSON);
        }

        @Test
        void tooLargeIsRejectedBeforeParsing() {
            PayloadDecoder small = new PayloadDecoder(Clock.fixed(NOW, ZoneOffset.UTC), 100, 1000, Duration.ofMinutes(5));
            DecodedMessage m = small.decode(new byte[101], "oxi-0001");
            assertThat(m.rejections()).extracting(Rejection::code).containsExactly(RejectionCode.TOO_LARGE);
            assertThat(small.decode(("{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 90, \"unit\": \"%\"}").getBytes(), "oxi-0001").items()).hasSize(1);
        }

        @Test
        void tooManyReadingsAtTheLimitPlusOne() {
            String reading = "{\"ts\": 1763796600000, \"type\": \"pulse\", \"value\": 70, \"unit\": \"/min\"}";
            PayloadDecoder three = new PayloadDecoder(Clock.fixed(NOW, ZoneOffset.UTC), 65536, 3, Duration.ofMinutes(5));
            assertThat(three.decode(("{\"readings\": [" + String.join(",", reading, reading, reading) + "]}").getBytes(), "oxi-0001").items()).hasSize(3);
            assertThat(three.decode(("{\"readings\": [" + String.join(",", reading, reading, reading, reading) + "]}").getBytes(), "oxi-0001")
                    .rejections()).extracting(Rejection::code).containsExactly(RejectionCode.TOO_MANY_READINGS);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "unknown type|{\"ts\": 1763796600000, \"type\": \"mood\", \"value\": 3, \"unit\": \"1\"}|UNKNOWN_TYPE",
                "type not a string|{\"ts\": 1763796600000, \"type\": 7, \"value\": 3, \"unit\": \"1\"}|UNKNOWN_TYPE",
                "no type|{\"ts\": 1763796600000, \"value\": 3, \"unit\": \"1\"}|MISSING_FIELD",
                "no value|{\"ts\": 1763796600000, \"type\": \"spo2\", \"unit\": \"%\"}|MISSING_FIELD",
                "wrong unit|{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 91, \"unit\": \"mmHg\"}|BAD_UNIT",
                "no unit|{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 91}|BAD_UNIT",
                "number as string|{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": \"91\", \"unit\": \"%\"}|BAD_VALUE",
                "value is an object|{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": {\"v\": 91}, \"unit\": \"%\"}|BAD_VALUE",
                "value is boolean|{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": true, \"unit\": \"%\"}|BAD_VALUE",
                "overflowing number|{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 1e400, \"unit\": \"%\"}|BAD_VALUE",
                "SpO2 of 140|{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 140, \"unit\": \"%\"}|OUT_OF_RANGE",
                "negative weight|{\"ts\": 1763796600000, \"type\": \"weight\", \"value\": -70, \"unit\": \"kg\"}|OUT_OF_RANGE",
                "mg/dL sent as mmol/L|{\"ts\": 1763796600000, \"type\": \"glucose\", \"value\": 110, \"unit\": \"mmol/L\"}|OUT_OF_RANGE",
                "pulse 301|{\"ts\": 1763796600000, \"type\": \"pulse\", \"value\": 301, \"unit\": \"/min\"}|OUT_OF_RANGE",
                "no ts|{\"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}|BAD_TIMESTAMP",
                "ts without offset|{\"ts\": \"2026-11-22T07:30:00\", \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}|BAD_TIMESTAMP",
                "ts garbage|{\"ts\": \"yesterday\", \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}|BAD_TIMESTAMP",
                "ts fractional millis|{\"ts\": 1763796600000.5, \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}|BAD_TIMESTAMP",
                "ts before 1970|{\"ts\": \"1969-12-31T23:59:59Z\", \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}|BAD_TIMESTAMP",
                "ts negative millis|{\"ts\": -1, \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}|BAD_TIMESTAMP",
                "ts next year|{\"ts\": \"2027-11-22T07:30:00Z\", \"type\": \"spo2\", \"value\": 91, \"unit\": \"%\"}|FUTURE_TIMESTAMP",
                "reading not an object|{\"readings\": [42]}|MALFORMED_JSON",
        })
        void eachBadReadingGetsItsCode(String what, String json, RejectionCode code) {
            assertThat(rejectionOf(json)).as(what).isEqualTo(code);
        }

        @Test
        void plausibleRangeEdgesAreInclusive() {
            assertThat(single("{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 100, \"unit\": \"%\"}").value()).isEqualTo(100);
            assertThat(single("{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 50, \"unit\": \"%\"}").value()).isEqualTo(50);
            assertThat(rejectionOf("{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 49.9, \"unit\": \"%\"}")).isEqualTo(RejectionCode.OUT_OF_RANGE);
            assertThat(rejectionOf("{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 100.1, \"unit\": \"%\"}")).isEqualTo(RejectionCode.OUT_OF_RANGE);
        }

        @Test
        void futureSkewIsTheConfiguredAllowance() {
            long edge = NOW.plus(Duration.ofMinutes(5)).toEpochMilli();
            assertThat(single("{\"ts\": " + edge + ", \"type\": \"pulse\", \"value\": 70, \"unit\": \"/min\"}").ts().toEpochMilli()).isEqualTo(edge);
            assertThat(rejectionOf("{\"ts\": " + (edge + 1) + ", \"type\": \"pulse\", \"value\": 70, \"unit\": \"/min\"}"))
                    .isEqualTo(RejectionCode.FUTURE_TIMESTAMP);
        }

        @Test
        void oldReadingsAreAcceptedAtTheirOwnTime() {
            assertThat(single("{\"ts\": \"2026-11-15T08:00:00Z\", \"type\": \"pulse\", \"value\": 70, \"unit\": \"/min\"}").ts())
                    .isEqualTo(Instant.parse("2026-11-15T08:00:00Z"));
        }

        @Test
        void aBadReadingDoesNotSpoilItsNeighbours() {
            DecodedMessage m = decode("""
                    {"msgId": "m1", "readings": [
                      {"ts": 1763796600000, "type": "fev1", "value": 1.42, "unit": "L"},
                      {"ts": 1763796600000, "type": "fvc", "value": 2.61, "unit": "kg"},
                      {"ts": 1763796600000, "type": "pef", "value": 240, "unit": "L/min"}]}""");
            assertThat(m.items()).extracting(DecodedItem::type).containsExactly(MeasurementType.FEV1, MeasurementType.PEF);
            assertThat(m.rejections()).singleElement().satisfies(r -> {
                assertThat(r.code()).isEqualTo(RejectionCode.BAD_UNIT);
                assertThat(r.index()).isEqualTo(1);
                assertThat(r.reason()).contains("fvc").contains("L, mL");
            });
        }

        @Test
        void reasonsNeverEchoRawPayloadText() {
            Rejection r = decode("{\"ts\": 1763796600000, \"type\": \"spo2\", \"value\": 9x1, \"unit\": \"%\", \"name\": \"Jens Hansen\"}").rejections().get(0);
            assertThat(r.code()).isEqualTo(RejectionCode.MALFORMED_JSON);
            assertThat(r.reason()).doesNotContain("Jens");
        }

        @Test
        void aPayloadNamingAnotherDeviceIsRefused() {
            assertThat(rejectionOf("{\"deviceId\": \"oxi-0002\", \"ts\": 1763796600000, \"type\": \"pulse\", \"value\": 70, \"unit\": \"/min\"}"))
                    .isEqualTo(RejectionCode.DEVICE_MISMATCH);
            assertThat(single("{\"deviceId\": \"oxi-0001\", \"ts\": 1763796600000, \"type\": \"pulse\", \"value\": 70, \"unit\": \"/min\"}").value())
                    .isEqualTo(70);
        }

        @Test
        void unknownFieldsAreIgnored() {
            assertThat(single("{\"ts\": 1763796600000, \"type\": \"pulse\", \"value\": 70, \"unit\": \"/min\", \"firmware\": \"1.2\"}").value()).isEqualTo(70);
        }
    }
}
