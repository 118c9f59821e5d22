package dk.telemed.sim.payload;

import dk.telemed.sim.physiology.LocalClock;
import dk.telemed.sim.physiology.RangeLimit;
import dk.telemed.sim.physiology.Reading;
import dk.telemed.sim.physiology.ReadingType;
import dk.telemed.sim.physiology.UnitChoice;
import dk.telemed.sim.population.TimestampStyle;

import java.util.List;

/**
 * Writes the two readings payload forms and the status payload of spec section 1.
 * Not thread-safe: it reuses one buffer, and the publisher loop is single-threaded.
 */
public final class PayloadEncoder {

    /** Spec section 1: a readings payload is at most 64 KiB. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /** Spec section 1: a batch holds at most 1,000 readings. */
    public static final int MAX_BATCH_READINGS = 1000;

    private final ByteBuf buf = new ByteBuf(4096);
    private final LocalClock clock;
    private final String runId;

    /**
     * @param runId per-run prefix for message ids, so ids from two runs never collide even though
     *     each run numbers its messages from zero
     */
    public PayloadEncoder(LocalClock clock, String runId) {
        this.clock = clock;
        this.runId = runId;
    }

    /** {@code {"msgId": …, "ts": …, "type": …, "value": …, "unit": …}} */
    public byte[] single(String deviceId, long messageNumber, Reading reading, boolean alternateUnits,
            TimestampStyle style) {
        buf.reset();
        buf.raw("{\"msgId\":");
        msgId(deviceId, messageNumber);
        buf.ch(',');
        fields(reading, alternateUnits, style);
        buf.ch('}');
        return finish();
    }

    /** {@code {"msgId": …, "readings": [{"ts": …, "type": …, "value": …, "unit": …}, …]}} */
    public byte[] batch(String deviceId, long messageNumber, List<Reading> readings, boolean alternateUnits,
            TimestampStyle style) {
        if (readings.isEmpty() || readings.size() > MAX_BATCH_READINGS) {
            throw new IllegalArgumentException("a batch holds 1.." + MAX_BATCH_READINGS + " readings, got "
                    + readings.size());
        }
        buf.reset();
        buf.raw("{\"msgId\":");
        msgId(deviceId, messageNumber);
        buf.raw(",\"readings\":[");
        for (int i = 0; i < readings.size(); i++) {
            if (i > 0) {
                buf.ch(',');
            }
            buf.ch('{');
            fields(readings.get(i), alternateUnits, style);
            buf.ch('}');
        }
        buf.raw("]}");
        return finish();
    }

    /** {@code {"online":true,"battery":87,"firmware":"…"}} */
    public byte[] status(boolean online, int battery, String firmware) {
        buf.reset();
        buf.raw("{\"online\":").raw(online ? "true" : "false")
                .raw(",\"battery\":").number(Math.max(0, Math.min(100, battery)))
                .raw(",\"firmware\":").string(firmware).ch('}');
        return buf.toArray();
    }

    private void msgId(String deviceId, long messageNumber) {
        buf.ch('"').raw(deviceId).ch('-').raw(runId).ch('-').padded(messageNumber, 6).ch('"');
    }

    private void fields(Reading r, boolean alternateUnits, TimestampStyle style) {
        buf.raw("\"ts\":");
        switch (style) {
            case EPOCH_MILLIS -> buf.number(r.tsMillis());
            case UTC -> {
                buf.ch('"');
                Rfc3339.append(buf, r.tsMillis(), 0, true);
                buf.ch('"');
            }
            case LOCAL_OFFSET -> {
                buf.ch('"');
                Rfc3339.append(buf, r.tsMillis(), clock.offsetSeconds(r.tsMillis()), false);
                buf.ch('"');
            }
        }
        UnitChoice unit = r.type().unitFor(alternateUnits);
        buf.raw(",\"type\":\"").raw(r.type().code()).raw("\",\"value\":");
        if (r.limit() == RangeLimit.NONE) {
            buf.fixed(shown(r.type(), r.value(), unit), unit.decimals());
        } else {
            buf.ch('"').raw(r.limit().name()).ch('"');
        }
        buf.raw(",\"unit\":\"").raw(unit.code()).ch('"');
    }

    /**
     * The value as the device displays it (scaled by 10^decimals), kept inside the physically
     * possible range even after unit conversion and rounding: 33.3 mmol/L is 599.9 mg/dL, which
     * a naive round would turn into 600 mg/dL = 33.304 mmol/L, out of range.
     */
    static long shown(ReadingType type, double canonicalValue, UnitChoice unit) {
        double scale = ByteBuf.pow10(unit.decimals());
        double v = Math.max(type.min(), Math.min(type.max(), canonicalValue));
        long scaled = Math.round(v * unit.perCanonical() * scale);
        while (scaled / scale / unit.perCanonical() > type.max()) {
            scaled--;
        }
        while (scaled / scale / unit.perCanonical() < type.min()) {
            scaled++;
        }
        return scaled;
    }

    private byte[] finish() {
        if (buf.size() > MAX_PAYLOAD_BYTES) {
            throw new IllegalStateException("payload of " + buf.size() + " bytes exceeds 64 KiB");
        }
        return buf.toArray();
    }
}
