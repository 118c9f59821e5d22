package dk.telemed.sim.payload;

import dk.telemed.sim.SpecPayloads;
import dk.telemed.sim.SpecPayloads.Parsed;
import dk.telemed.sim.TestFleets;
import dk.telemed.sim.physiology.LocalClock;
import dk.telemed.sim.physiology.RangeLimit;
import dk.telemed.sim.physiology.Reading;
import dk.telemed.sim.physiology.ReadingType;
import dk.telemed.sim.population.DeviceKind;
import dk.telemed.sim.population.TimestampStyle;
import dk.telemed.sim.traffic.DeviceState;
import dk.telemed.sim.traffic.Packing;
import dk.telemed.sim.traffic.Planned;
import dk.telemed.sim.traffic.RealtimeSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTest {

    private static final long NOW = 1_795_600_000_000L; // a November morning

    private final SpecPayloads spec = new SpecPayloads();

    /** Generates at least {@code readings} readings and returns every message's parsed readings. */
    private List<Parsed> generate(int readings, Packing packing, double alternateShare, Map<String, Boolean> forms) {
        var devices = TestFleets.devices(TestFleets.population(120, 11), alternateShare);
        AtomicLong clock = new AtomicLong(NOW);
        var source = new RealtimeSource(devices, packing, () -> clock.addAndGet(7), new SplittableRandom(5));
        var encoder = new PayloadEncoder(new LocalClock(TestFleets.ZONE), "test1");
        List<Parsed> all = new ArrayList<>();
        Set<String> msgIds = new HashSet<>();
        while (all.size() < readings) {
            Planned p = source.next(1000);
            byte[] payload = TestFleets.encode(encoder, p);
            List<Parsed> parsed = spec.parse(p.device().readingsTopic(), payload);
            assertThat(msgIds.add(parsed.get(0).msgId())).as("unique msgId").isTrue();
            assertThat(parsed.get(0).msgId()).matches(p.device().device().id() + "-test1-\\d{6,}");
            forms.merge(p.device().device().kind().name(), parsed.get(0).batchForm(), (a, b) -> {
                assertThat(a).as("a device always uses the same form").isEqualTo(b);
                return a;
            });
            all.addAll(parsed);
        }
        return all;
    }

    @Test
    void tenThousandReadingsFollowTheSpec() {
        Map<String, Boolean> forms = new HashMap<>();
        List<Parsed> readings = generate(10_000, Packing.NATURAL, 0.05, forms);

        // Batch devices send the batch form, the others one reading per message.
        assertThat(forms).containsEntry("SPIROMETER", true).containsEntry("BP_CUFF", true)
                .containsEntry("OXIMETER", false).containsEntry("GLUCOMETER", false).containsEntry("SCALE", false);
        // Every type the devices measure shows up.
        assertThat(readings.stream().map(Parsed::type).collect(Collectors.toSet()))
                .contains("spo2", "pulse", "resp_rate", "weight", "fev1", "fvc", "pef", "glucose", "bp_sys", "bp_dia");
        // All three timestamp forms are used.
        assertThat(readings).anyMatch(p -> p.tsText().endsWith("Z"))
                .anyMatch(p -> p.tsText().endsWith("+01:00"))
                .anyMatch(p -> p.tsText().matches("\\d+"));
        // Some, but few, devices use the alternate units.
        Set<String> alternateDevices = readings.stream().filter(SpecPayloads::isAlternateUnit)
                .map(Parsed::deviceId).collect(Collectors.toSet());
        Set<String> allDevices = readings.stream().map(Parsed::deviceId).collect(Collectors.toSet());
        assertThat(alternateDevices).isNotEmpty();
        assertThat(alternateDevices.size()).isLessThan(allDevices.size() / 5);
        // Plausible, not just possible: everyday values of these patients.
        for (Parsed p : readings) {
            if (p.canonicalValue() == null) {
                continue;
            }
            double v = p.canonicalValue();
            switch (p.type()) {
                case "spo2" -> assertThat(v).isBetween(70.0, 100.0);
                case "pulse" -> assertThat(v).isBetween(40.0, 180.0);
                case "weight" -> assertThat(v).isBetween(50.0, 115.0);
                case "glucose" -> assertThat(v).isBetween(1.0, 30.0);
                case "fev1" -> assertThat(v).isBetween(0.3, 6.0);
                default -> {
                }
            }
        }
    }

    @Test
    void alternateUnitsAreExercisedAndConvertBackIntoRange() {
        List<Parsed> readings = generate(10_000, Packing.NATURAL, 1.0, new HashMap<>());
        assertThat(readings.stream().filter(SpecPayloads::isAlternateUnit).map(Parsed::unit)
                .collect(Collectors.toSet())).contains("bpm", "[lb_av]", "mg/dL", "mmHg", "mL");
        // Units without an alternate in the simulator stay canonical.
        assertThat(readings).filteredOn(p -> p.type().equals("spo2")).allMatch(p -> p.unit().equals("%"));
    }

    @Test
    void batchOptionPacksKReadingsOfOneDeviceWithUniqueTimestamps() {
        for (int k : new int[] {1, 7, 20, 500}) {
            var devices = TestFleets.devices(TestFleets.population(40, 2), 0.05);
            // Each call is k ms later: a rate of ~1000 readings/s over ~110 devices.
            AtomicLong clock = new AtomicLong(NOW);
            int step = k;
            var source = new RealtimeSource(devices, new Packing(k), () -> clock.addAndGet(step),
                    new SplittableRandom(1));
            var encoder = new PayloadEncoder(new LocalClock(TestFleets.ZONE), "b");
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < Math.max(200, 20_000 / k); i++) {
                Planned p = source.next(Integer.MAX_VALUE);
                List<Parsed> parsed = spec.parse(p.device().readingsTopic(), TestFleets.encode(encoder, p));
                assertThat(parsed).hasSize(k).allMatch(Parsed::batchForm);
                for (Parsed r : parsed) {
                    assertThat(keys.add(r.deviceId() + "|" + r.type() + "|" + r.tsMillis()))
                            .as("(device, type, ts) unique: %s %s %s", r.deviceId(), r.type(), r.tsText()).isTrue();
                    // Backdated as if uploaded from memory, never in the future.
                    assertThat(r.tsMillis()).isLessThanOrEqualTo(clock.get());
                }
            }
        }
    }

    @Test
    void theCountCutsTheLastMessageShort() {
        var devices = TestFleets.devices(TestFleets.population(5, 2), 0);
        var source = new RealtimeSource(devices, new Packing(20), () -> NOW, new SplittableRandom(1));
        assertThat(source.next(3).readings()).hasSize(3);
        var natural = new RealtimeSource(devices, Packing.NATURAL, () -> NOW, new SplittableRandom(1));
        Planned p;
        do {
            p = natural.next(2);
        } while (!p.device().device().kind().sendsBatch());
        assertThat(p.readings()).hasSize(2);
    }

    @Test
    void loAndHiAreWrittenAsTextInTheDevicesUnit() {
        var encoder = new PayloadEncoder(new LocalClock(TestFleets.ZONE), "r");
        String lo = new String(encoder.single("gluco-0001", 3,
                new Reading(ReadingType.GLUCOSE, NOW, 0.3, RangeLimit.LO), true, TimestampStyle.UTC),
                StandardCharsets.UTF_8);
        assertThat(lo).isEqualTo("{\"msgId\":\"gluco-0001-r-000003\",\"ts\":\"2026-11-25T09:46:40Z\","
                + "\"type\":\"glucose\",\"value\":\"LO\",\"unit\":\"mg/dL\"}");
        List<Parsed> parsed = spec.parse("telemed/v1/devices/gluco-0001/readings", lo.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.get(0).limit()).isEqualTo("LO");
    }

    @Test
    void roundingNeverPushesAValueOutOfRange() {
        assertThat(PayloadEncoder.shown(ReadingType.GLUCOSE, 33.3, ReadingType.GLUCOSE.unitFor(true)))
                .isEqualTo(599); // 600 mg/dL would be 33.304 mmol/L
        assertThat(PayloadEncoder.shown(ReadingType.GLUCOSE, 40, ReadingType.GLUCOSE.unitFor(false))).isEqualTo(333);
        assertThat(PayloadEncoder.shown(ReadingType.FEV1, 1.425, ReadingType.FEV1.unitFor(false))).isBetween(142L, 143L);
        assertThat(PayloadEncoder.shown(ReadingType.WEIGHT, 80, ReadingType.WEIGHT.unitFor(true))).isEqualTo(1764);
    }

    @Test
    void statusPayloadHasTheSpecFields() {
        var encoder = new PayloadEncoder(new LocalClock(TestFleets.ZONE), "r");
        assertThat(new String(encoder.status(true, 87, "fw-1.2.3"), StandardCharsets.UTF_8))
                .isEqualTo("{\"online\":true,\"battery\":87,\"firmware\":\"fw-1.2.3\"}");
    }

    @Test
    void batteryDrainsSlowlyAndRecharges() {
        DeviceState d = TestFleets.devices(TestFleets.population(1, 1), 0).get(0);
        int start = d.battery(0);
        assertThat(start).isEqualTo(d.device().initialBattery());
        assertThat(d.battery(3_600_000L)).isLessThanOrEqualTo(start).isGreaterThanOrEqualTo(start - 2);
        for (long h = 0; h < 2000; h += 7) {
            assertThat(d.battery(h * 3_600_000L)).isBetween(5, 100);
        }
        assertThat(d.device().kind()).isIn((Object[]) DeviceKind.values());
    }
}
