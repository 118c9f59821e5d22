package dk.telemed.sim.traffic;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Readings timestamped now, taken from the devices in turn. The rate limiter, not a schedule,
 * decides how often: this is the load generator and the live demo feed.
 */
public final class RealtimeSource implements ReadingSource {

    private final List<DeviceState> devices;
    private final Packing packing;
    private final LongSupplier wallClockMillis;
    private final SplittableRandom noise;
    private int cursor;

    public RealtimeSource(List<DeviceState> devices, Packing packing, LongSupplier wallClockMillis,
            SplittableRandom noise) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no devices");
        }
        this.devices = List.copyOf(devices);
        this.packing = packing;
        this.wallClockMillis = wallClockMillis;
        this.noise = noise;
    }

    @Override
    public Planned next(int maxReadings) {
        DeviceState d = devices.get(cursor);
        long now = wallClockMillis.getAsLong();
        if (packing.natural()) {
            if (d.pendingCount() == 0) {
                d.measure(now, noise);
            }
            boolean batch = d.device().kind().sendsBatch();
            int n = Math.min(batch ? d.pendingCount() : 1, maxReadings);
            Planned p = new Planned(d, d.take(n), batch);
            if (d.pendingCount() == 0) {
                advance(); // a session's messages go out back to back, as a device sends them
            }
            return p;
        }
        int n = Math.min(packing.batchSize(), maxReadings);
        // Sessions 1 ms apart ending now, as if uploaded from the device's memory: ts stays unique
        // per device and type, and never runs ahead of the clock at up to ~1000 sessions/s per device.
        long first = now - (n - 1);
        while (d.pendingCount() < n) {
            first = d.measure(first, noise) + 1;
        }
        advance();
        return new Planned(d, d.take(n), true);
    }

    private void advance() {
        cursor = cursor + 1 == devices.size() ? 0 : cursor + 1;
    }
}
