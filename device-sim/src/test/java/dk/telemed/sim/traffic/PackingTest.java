package dk.telemed.sim.traffic;

import dk.telemed.sim.TestFleets;
import dk.telemed.sim.physiology.Reading;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PackingTest {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_795_600_000_000L;

    @Test
    void compressedHistoryInBatchesOfKKeepsEveryReadingOnceWithUniqueTimestamps() {
        var devices = TestFleets.devices(TestFleets.population(30, 6), 0);
        var natural = new HistorySource(devices, Packing.NATURAL, new NaturalSchedule(6, TestFleets.ZONE),
                TestFleets.ZONE, NOW - 14 * DAY, NOW, new SplittableRandom(2));
        Map<String, Integer> naturalCounts = new HashMap<>();
        Planned p;
        while ((p = natural.next(Integer.MAX_VALUE)) != null) {
            naturalCounts.merge(p.device().device().id(), p.readings().size(), Integer::sum);
        }

        var devicesAgain = TestFleets.devices(TestFleets.population(30, 6), 0);
        var batched = new HistorySource(devicesAgain, new Packing(20), new NaturalSchedule(6, TestFleets.ZONE),
                TestFleets.ZONE, NOW - 14 * DAY, NOW, new SplittableRandom(2));
        Map<String, Integer> batchedCounts = new HashMap<>();
        Map<String, Integer> partial = new HashMap<>();
        Set<String> keys = new HashSet<>();
        while ((p = batched.next(Integer.MAX_VALUE)) != null) {
            String id = p.device().device().id();
            assertThat(p.batchForm()).isTrue();
            assertThat(p.readings().size()).isBetween(1, 20);
            if (p.readings().size() < 20) {
                assertThat(partial.put(id, p.readings().size())).as("one short batch per device, at the end").isNull();
            }
            for (Reading r : p.readings()) {
                assertThat(keys.add(id + "|" + r.type() + "|" + r.tsMillis())).isTrue();
                assertThat(r.tsMillis()).isBetween(NOW - 14 * DAY, NOW);
            }
            batchedCounts.merge(id, p.readings().size(), Integer::sum);
        }
        // The same schedule, just packed differently.
        assertThat(batchedCounts).isEqualTo(naturalCounts);
    }

    @Test
    void realtimeSessionsOfADeviceNeverShareATimestamp() {
        var devices = TestFleets.devices(TestFleets.population(3, 1), 0);
        AtomicLong calls = new AtomicLong();
        // The clock moves 1 ms every ten calls: several sessions of a device fall in the same millisecond.
        var source = new RealtimeSource(devices, Packing.NATURAL, () -> NOW + calls.incrementAndGet() / 10,
                new SplittableRandom(1));
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            Planned p = source.next(Integer.MAX_VALUE);
            for (Reading r : p.readings()) {
                assertThat(keys.add(p.device().device().id() + "|" + r.type() + "|" + r.tsMillis())).isTrue();
            }
        }
    }
}
