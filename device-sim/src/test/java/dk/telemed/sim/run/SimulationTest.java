package dk.telemed.sim.run;

import dk.telemed.sim.SpecPayloads;
import dk.telemed.sim.TestFleets;
import dk.telemed.sim.mqtt.Delivery;
import dk.telemed.sim.mqtt.DeliveryListener;
import dk.telemed.sim.mqtt.MessageKind;
import dk.telemed.sim.mqtt.Publisher;
import dk.telemed.sim.payload.PayloadEncoder;
import dk.telemed.sim.physiology.LocalClock;
import dk.telemed.sim.traffic.DeviceState;
import dk.telemed.sim.traffic.HistorySource;
import dk.telemed.sim.traffic.NaturalSchedule;
import dk.telemed.sim.traffic.Packing;
import dk.telemed.sim.traffic.RealtimeSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationTest {

    private static final long NOW = 1_795_600_000_000L;

    /** Acknowledges everything at once, like a broker with no latency, and keeps what it got. */
    private static final class FakePublisher implements Publisher {
        record Message(int connection, String topic, byte[] payload, int qos, boolean retained, Delivery delivery) {
        }

        final List<Message> messages = new ArrayList<>();
        final DeliveryListener listener;
        final List<Integer> fresh = new ArrayList<>();
        Runnable afterPublish = () -> { };

        FakePublisher(DeliveryListener listener, int connections) {
            this.listener = listener;
            for (int i = 0; i < connections; i++) {
                fresh.add(i);
            }
        }

        @Override
        public boolean publish(int connection, String topic, byte[] payload, int qos, boolean retained,
                Delivery delivery) {
            messages.add(new Message(connection, topic, payload, qos, retained, delivery));
            listener.sent(delivery);
            listener.acked(delivery);
            afterPublish.run();
            return true;
        }

        @Override
        public int outstanding() {
            return 0;
        }

        @Override
        public List<Integer> takeFreshConnections() {
            List<Integer> copy = List.copyOf(fresh);
            fresh.clear();
            return copy;
        }

        @Override
        public void close() {
        }
    }

    private static final class Fixture {
        final long[] nanos = {0};
        final long[] wall = {NOW};
        final Stats stats = new Stats(() -> nanos[0]);
        final RunControl control = new RunControl();
        final FakePublisher publisher;
        final List<DeviceState> devices;
        final int connections;

        Fixture(int patients, int connections) {
            this.connections = connections;
            var population = TestFleets.population(patients, 4);
            devices = dk.telemed.sim.traffic.Fleet.of(population, new LocalClock(TestFleets.ZONE), 0.05, connections);
            publisher = new FakePublisher(stats, connections);
        }

        Summary run(Simulation.Settings settings, dk.telemed.sim.traffic.ReadingSource source, double rate)
                throws InterruptedException {
            RateLimiter limiter = new RateLimiter(rate, 100_000_000L, () -> nanos[0], n -> {
                nanos[0] += n;
                wall[0] += n / 1_000_000;
            });
            return new Simulation(settings, devices, connections, source,
                    new PayloadEncoder(new LocalClock(TestFleets.ZONE), "sim"), publisher, limiter, stats, control,
                    () -> nanos[0], () -> wall[0]).run();
        }

        RealtimeSource realtime(Packing packing) {
            return new RealtimeSource(devices, packing, () -> wall[0], new SplittableRandom(1));
        }
    }

    private static Simulation.Settings settings(long count, long durationNanos) {
        return new Simulation.Settings(1, count, durationNanos, 0, 1_000_000_000L);
    }

    @Test
    void sendsExactlyTheCountedReadingsAtTheAskedRate() throws InterruptedException {
        Fixture f = new Fixture(30, 1);
        Summary s = f.run(settings(1000, 0), f.realtime(Packing.NATURAL), 200);
        assertThat(s.readingsSent()).isEqualTo(1000);
        assertThat(s.readingsAcked()).isEqualTo(1000);
        assertThat(s.failed()).isZero();
        assertThat(s.messagesSent()).isLessThan(1000).isGreaterThan(500); // spirometer and BP batches
        assertThat(s.elapsedSeconds()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(s.readingsPerSecond()).isCloseTo(200, org.assertj.core.data.Offset.offset(3.0));

        var spec = new SpecPayloads();
        long readings = f.publisher.messages.stream().filter(m -> m.delivery().kind() == MessageKind.READINGS)
                .mapToLong(m -> spec.parse(m.topic(), m.payload()).size()).sum();
        assertThat(readings).isEqualTo(1000);
        assertThat(f.publisher.messages).filteredOn(m -> m.delivery().kind() == MessageKind.READINGS)
                .allMatch(m -> m.qos() == 1 && !m.retained());
    }

    @Test
    void publishesEachDevicesRetainedStatusOnConnect() throws InterruptedException {
        Fixture f = new Fixture(20, 3);
        f.run(settings(100, 0), f.realtime(Packing.NATURAL), 1000);
        var status = f.publisher.messages.stream().filter(m -> m.delivery().kind() == MessageKind.STATUS).toList();
        assertThat(status).hasSize(f.devices.size());
        Set<String> topics = new HashSet<>();
        for (var m : status) {
            assertThat(m.qos()).isEqualTo(1);
            assertThat(m.retained()).isTrue();
            assertThat(m.topic()).matches("telemed/v1/devices/[a-z]+-\\d{4}/status");
            assertThat(new String(m.payload(), StandardCharsets.UTF_8))
                    .matches("\\{\"online\":true,\"battery\":\\d{1,3},\"firmware\":\"[^\"]+\"}");
            topics.add(m.topic());
        }
        assertThat(topics).hasSize(f.devices.size());
        // All of a patient's devices go over the same connection.
        Map<String, Integer> connectionOf = new java.util.HashMap<>();
        for (var m : f.publisher.messages) {
            String number = m.topic().replaceAll(".*-(\\d{4})/.*", "$1");
            assertThat(connectionOf.merge(number, m.connection(), (a, b) -> a.equals(b) ? a : -1)).isNotEqualTo(-1);
        }
    }

    @Test
    void batchModeCutsTheLastBatchToTheCount() throws InterruptedException {
        Fixture f = new Fixture(10, 1);
        Summary s = f.run(settings(100, 0), f.realtime(new Packing(7)), 10_000);
        assertThat(s.readingsSent()).isEqualTo(100);
        assertThat(s.messagesSent()).isEqualTo(15); // 14 x 7 + 2
    }

    @Test
    void stopsAtTheEndOfTheDuration() throws InterruptedException {
        Fixture f = new Fixture(30, 1);
        Summary s = f.run(settings(0, 2_000_000_000L), f.realtime(new Packing(5)), 500);
        assertThat(s.readingsSent()).isBetween(995L, 1005L);
    }

    @Test
    void stopsWhenAskedTo() throws InterruptedException {
        Fixture f = new Fixture(30, 1);
        f.publisher.afterPublish = () -> {
            if (f.stats.snapshot().messagesSent() == 50) {
                f.control.requestStop();
            }
        };
        Summary s = f.run(settings(0, 0), f.realtime(Packing.NATURAL), 1000);
        assertThat(s.messagesSent()).isEqualTo(50);
    }

    @Test
    void compressedHistoryEndsWhenItHasBeenSent() throws InterruptedException {
        Fixture f = new Fixture(20, 1);
        var source = new HistorySource(f.devices, Packing.NATURAL, new NaturalSchedule(4, TestFleets.ZONE),
                TestFleets.ZONE, NOW - 14 * 86_400_000L, NOW, new SplittableRandom(1));
        Summary s = f.run(settings(0, 0), source, 2000);
        // 14 days of ~20 patients: a few thousand readings, not an endless stream.
        assertThat(s.readingsSent()).isBetween(1500L, 4000L);
        assertThat(s.readingsAcked()).isEqualTo(s.readingsSent());
    }

    @Test
    void summaryLineAndReportHaveTheAgreedFields() {
        var s = new Summary(12000, 12000, 600, 600, 0, 1.52, 7894.7, java.time.Instant.parse("2026-11-22T07:30:00Z"),
                java.time.Instant.parse("2026-11-22T07:30:01.520Z"));
        assertThat(s.line()).isEqualTo(
                "device-sim: sent=12000 acked=12000 failed=0 messages=600 elapsed=1.52s rate=7894/s");
        assertThat(s.reportFields()).containsOnlyKeys("readingsSent", "readingsAcked", "messagesSent", "messagesAcked",
                "failed", "elapsedSeconds", "readingsPerSecond", "startedAt", "endedAt");
    }
}
