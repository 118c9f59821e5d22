package dk.telemed.gateway.store;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InfluxClientTest {
    private static final Instant TS = Instant.parse("2026-12-06T08:15:30.123456789Z");

    /** What influxdb-java's own Point writes for the same reading: the reference the store's lines must match. */
    private static String pointLine(Reading r) {
        return Point.measurement(InfluxClient.READINGS)
                .time(TimeUnit.SECONDS.toNanos(r.ts().getEpochSecond()) + r.ts().getNano(), TimeUnit.NANOSECONDS)
                .tag("patient", r.patientId())
                .tag("device", r.deviceId())
                .tag("type", r.type().wireName())
                .addField("value", r.value())
                .build()
                .lineProtocol(TimeUnit.NANOSECONDS);
    }

    private static double valueOf(String line) {
        String field = line.substring(line.indexOf(" value=") + 7, line.lastIndexOf(' '));
        assertFalse(field.contains("E") || field.contains("e"), () -> "plain notation expected: " + line);
        return Double.parseDouble(field);
    }

    @Test
    void aReadingIsTheLineInfluxdbJavasPointWrites() {
        for (MeasurementType type : MeasurementType.values()) {
            for (double value : new double[]{97, 5.4, 82.3, 0.1, 1.25, 180.0, 39.95}) {
                Reading r = new Reading("pt-0042", "ox-17", type, TS, value);
                assertEquals(pointLine(r), InfluxClient.line(r));
            }
        }
        assertEquals("readings,device=ox-17,patient=pt-0042,type=spo2 value=97.0 1796544930123456789",
                InfluxClient.line(new Reading("pt-0042", "ox-17", MeasurementType.SPO2, TS, 97)));
    }

    @Test
    void tagValuesAreEscapedAsPointEscapesThem() {
        Reading r = new Reading("pt 1,a=b", "dev=x y,z", MeasurementType.GLUCOSE, TS, 6.1);
        assertEquals(pointLine(r), InfluxClient.line(r));
        assertEquals("readings,device=dev\\=x\\ y\\,z,patient=pt\\ 1\\,a\\=b,type=glucose value=6.1 1796544930123456789",
                InfluxClient.line(r));
    }

    @Test
    void everyFiniteValueIsWrittenInPlainNotationAndReadsBackAsTheSameDouble() {
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 20_000; i++) {
            double value = switch (i % 4) {
                case 0 -> random.nextDouble(0, 500);
                case 1 -> Math.round(random.nextDouble(0, 5000)) / 10.0;
                case 2 -> Double.longBitsToDouble(random.nextLong()) % 1e12;
                default -> random.nextDouble() * Math.pow(10, random.nextInt(-9, 12));
            };
            if (!Double.isFinite(value)) {
                continue;
            }
            Reading r = new Reading("p", "d", MeasurementType.WEIGHT, TS, value);
            String line = InfluxClient.line(r);
            assertEquals(value, valueOf(line), line);
            assertEquals(Double.parseDouble(pointLine(r).replaceAll(".* value=(\\S+) .*", "$1")), valueOf(line), line);
        }
        assertEquals(0.00001, valueOf(InfluxClient.line(new Reading("p", "d", MeasurementType.WEIGHT, TS, 1e-5))));
        assertEquals(12_345_678_901.0, valueOf(InfluxClient.line(new Reading("p", "d", MeasurementType.WEIGHT, TS, 12_345_678_901.0))));
    }

    @Test
    void aReadingCannotHoldAValueInfluxdbCannotStore() {
        for (double value : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new Reading("p", "d", MeasurementType.SPO2, TS, value));
        }
    }
}
