package dk.telemed.gateway.it;

import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.Burst;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.ReadingStream;
import dk.telemed.testsupport.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults on the way from broker to store: a reading the broker accepted ends up in InfluxDB,
 * once, whatever fails. Each test has its own broker, database and gateway.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ReliabilityIT {
    private static final Logger LOG = LoggerFactory.getLogger(ReliabilityIT.class);
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration BACKLOG_WAIT = Duration.ofMinutes(3);
    static final String REGISTRY = """
            patients:
              - { id: p-0001, careTeam: nord-akut, conditions: [copd], devices: [oxi-0001, oxi-0002] }
              - { id: p-0002, careTeam: syd, conditions: [copd], devices: [oxi-0003] }
            """;
    static final List<String> DEVICES = List.of("oxi-0001", "oxi-0002", "oxi-0003");
    static final int RECEIVE_MAXIMUM = 200;
    /**
     * Mosquitto 2.0.11 (Debian 12) was seen to let more than the client's Receive Maximum
     * through (202 to 301 unacknowledged with 200 asked; later Mosquitto releases fixed quota
     * accounting bugs); what matters is that the window is bounded and does not grow with the
     * length of the outage.
     */
    static final int WINDOW_BOUND = RECEIVE_MAXIMUM * 2;
    /** Thirty minutes ago: old enough to be clearly in the past, recent enough for any retention. */
    static final long FIRST_TS = System.currentTimeMillis() - 30 * 60_000L;

    TestStack stack;
    String name;
    String shortName;

    @BeforeEach
    void start(TestInfo test) {
        name = test.getTestMethod().orElseThrow().getName();
        shortName = name.substring(0, Math.min(40, name.length()));
        stack = TestStack.start(Path.of("target/it/ReliabilityIT", name), REGISTRY);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    GatewayProcess.Builder gateway() {
        return stack.gateway("gw-" + shortName).env(Map.of(
                "TELEMED_MQTT_RECEIVE_MAXIMUM", String.valueOf(RECEIVE_MAXIMUM),
                "TELEMED_INFLUX_REQUEST_TIMEOUT_MS", "2000",
                "TELEMED_INFLUX_RETRY_MAX_MS", "1000"));
    }

    ReadingStream stream(int perSecond) {
        return ReadingStream.start(stack.broker().url(), "devices-" + shortName, DEVICES, perSecond, FIRST_TS);
    }

    long stored() {
        return stack.stored("type = 'pulse'");
    }

    /** Every reading the broker confirmed is stored, none twice, none invented. */
    void assertAllConfirmedStoredOnce(ReadingStream stream) {
        Await.until("every confirmed reading stored (" + stream.confirmed() + ")", WAIT, () -> stored() >= stream.confirmed());
        assertThat(stored()).isBetween(stream.confirmed(), stream.attempted());
        assertThat(stack.influx().count(TestStack.DB, "SELECT count(value) FROM readings WHERE type = 'pulse' GROUP BY device"))
                .isPositive();
        assertThat(stack.broker().droppedMessages()).as("broker dropped queued messages").isFalse();
    }

    @Test
    void influxDownWhileDevicesStreamLosesNothingAndPushesBack() {
        GatewayProcess gateway = stack.track(gateway().start());
        try (ReadingStream stream = stream(500)) {
            Await.until("streaming stored", WAIT, () -> stored() > 200);
            stack.influx().stop();
            Await.until("/ready 503 while InfluxDB is down", WAIT, () -> gateway.get("/ready") == 503);
            long confirmedAtStop = stream.confirmed();
            Await.until("thousands of readings arrive during the outage", WAIT, () -> stream.confirmed() > confirmedAtStop + 3_000);
            // Pushback: the gateway holds about Receive Maximum messages; the broker keeps the rest.
            assertThat(gateway.metric("telemed_messages_unacknowledged")).isLessThanOrEqualTo(WINDOW_BOUND);
            assertThat(gateway.metric("telemed_store_buffered")).isLessThanOrEqualTo(WINDOW_BOUND);
            assertThat(gateway.metric("telemed_store_write_failures_total")).isPositive();
            stack.influx().start();
            Await.until("/ready 200 once InfluxDB is back", WAIT, () -> gateway.get("/ready") == 200);
            stream.stop(Duration.ofSeconds(10));
            assertAllConfirmedStoredOnce(stream);
        }
        assertThat(gateway.isAlive()).isTrue();
    }

    @Test
    void gatewayKilledMidStreamLosesNothing() {
        GatewayProcess first = stack.track(gateway().start());
        try (ReadingStream stream = stream(500)) {
            Await.until("streaming stored", WAIT, () -> stored() > 500);
            first.kill();
            long storedAtKill = stored();
            Await.until("readings keep arriving at the broker", WAIT, () -> stream.confirmed() > storedAtKill + 1_000);
            GatewayProcess second = stack.track(gateway().start());
            Await.until("the restarted gateway stores again", WAIT, () -> stored() > storedAtKill + 1_000);
            stream.stop(Duration.ofSeconds(10));
            assertAllConfirmedStoredOnce(stream);
            assertThat(second.isAlive()).isTrue();
        }
    }

    @Test
    void brokerRestartedMidStreamThreeTimesLosesNoAcknowledgedReading() {
        GatewayProcess gateway = stack.track(gateway().start());
        try (ReadingStream stream = stream(300)) {
            Await.until("streaming stored", WAIT, () -> stored() > 300);
            for (int round = 1; round <= 3; round++) {
                stack.broker().restart();
                long storedAtRestart = stored();
                Await.until("round " + round + ": the gateway reconnected and stores again", WAIT,
                        () -> stored() > storedAtRestart + 500);
            }
            stream.stop(Duration.ofSeconds(15));
            assertAllConfirmedStoredOnce(stream);
        }
        assertThat(gateway.log()).contains("reconnected to broker").contains("subscribed to");
        assertThat(gateway.get("/ready")).isEqualTo(200);
    }

    @Test
    void aHungStoreDoesNotGrowTheHeapBeyondItsBudget() {
        // The budget is the heap limit itself: were the gateway buffering without bound, it would die of it.
        GatewayProcess gateway = stack.track(gateway().heap("64m").start());
        try (ReadingStream stream = stream(800)) {
            Await.until("streaming stored", WAIT, () -> stored() > 500);
            stack.influx().pause();
            long confirmedAtPause = stream.confirmed();
            double maxHeap = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                maxHeap = Math.max(maxHeap, gateway.metric("jvm_memory_used_bytes", "area", "heap"));
                assertThat(gateway.metric("telemed_messages_unacknowledged")).isLessThanOrEqualTo(WINDOW_BOUND);
                sleep(500);
            }
            assertThat(stream.confirmed()).as("devices kept publishing meanwhile").isGreaterThan(confirmedAtPause + 5_000);
            assertThat(maxHeap).as("heap in use while the store hung").isLessThan(64 * 1024 * 1024);
            stack.influx().resume();
            stream.stop(Duration.ofSeconds(10));
            assertAllConfirmedStoredOnce(stream);
        }
        assertThat(gateway.isAlive()).isTrue();
        assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
    }

    @Test
    void sigtermFinishesTheBatchAcknowledgesWhatIsStoredAndLeavesTheRestToTheBroker() {
        GatewayProcess first = stack.track(gateway().start());
        long storedByFirst;
        try (ReadingStream stream = stream(800)) {
            Await.until("streaming stored", WAIT, () -> stored() > 1_000);
            first.terminate();
            storedByFirst = stored();
            Await.until("more readings wait at the broker", WAIT, () -> stream.confirmed() > storedByFirst + 1_000);
            stream.stop(Duration.ofSeconds(10));
            assertThat(first.log()).contains("every stored reading's message acknowledged");

            GatewayProcess second = stack.track(gateway().start());
            assertAllConfirmedStoredOnce(stream);
            // Had the first gateway left stored readings unacknowledged, the broker would send them again.
            Await.until("the backlog received", WAIT,
                    () -> second.metric("telemed_messages_received_total") >= stream.confirmed() - storedByFirst);
            assertThat(second.metric("telemed_messages_received_total")).isEqualTo((double) (stream.confirmed() - storedByFirst));
        }
    }

    /**
     * The gateway killed (SIGKILL twice, SIGTERM once) while it works through a burst of 5,000
     * single-reading messages: the restarted gateway stores every reading once, and how long
     * it took to catch up is logged (the 5,000 are in the broker the moment it starts).
     */
    @Test
    void gatewayKilledWhileABurstWaitsCatchesUpWithEveryReading() {
        Burst device = new Burst(stack.broker().url(), "oxi-0001", FIRST_TS, 1);
        GatewayProcess gateway = stack.track(gateway().start());
        long published = 0;
        for (int round = 1; round <= 3; round++) {
            device.publish(published, 5_000);
            published += 5_000;
            if (round == 2) {
                gateway.terminate();
            } else {
                gateway.kill();
            }
            long storedAtKill = stored();
            long restartedAt = System.nanoTime();
            gateway = stack.track(gateway().start());
            long answeredAt = System.nanoTime();
            long expected = published;
            Await.until("round " + round + ": all " + expected + " stored after the restart", WAIT, () -> stored() >= expected);
            long caughtUpAt = System.nanoTime();
            LOG.info("round {}: {} of {} stored at the kill; the restarted gateway answered /health after {} ms and had stored"
                            + " everything {} ms later", round, storedAtKill, expected,
                    TimeUnit.NANOSECONDS.toMillis(answeredAt - restartedAt), TimeUnit.NANOSECONDS.toMillis(caughtUpAt - answeredAt));
            assertThat(stored()).isEqualTo(expected);
            GatewayProcess current = gateway;
            Await.until("every message acknowledged", WAIT, () -> current.metric("telemed_messages_unacknowledged") == 0);
        }
        assertThat(stack.broker().droppedMessages()).isFalse();
    }

    /**
     * The broker kept a backlog while the gateway was away, far more than its heap can hold
     * decoded. Mosquitto 2.0 sends a resumed session's queue faster than Receive Maximum
     * allows, so the gateway must hold back intake itself, or it dies of the backlog it should
     * be working off.
     */
    @Test
    void aBacklogLargerThanTheHeapIsTakenAtTheStoresPace() {
        GatewayProcess first = stack.track(gateway().start());
        Await.until("the session subscribed", WAIT, () -> first.get("/ready") == 200);
        first.terminate();
        int messages = 20_000;
        int perMessage = 50;
        try (MqttTestClient device = MqttTestClient.connect(stack.broker().url(), "backlog-" + shortName)) {
            for (int m = 0; m < messages; m++) {
                publish(device, "telemed/v1/devices/" + DEVICES.get(m % DEVICES.size()) + "/readings", batch(m, perMessage));
            }
        }
        long expected = (long) messages * perMessage;
        GatewayProcess second = stack.track(gateway().heap("128m").start());
        double mostBuffered = 0;
        long deadline = System.nanoTime() + BACKLOG_WAIT.toNanos();
        while (second.isAlive() && stored() < expected && System.nanoTime() < deadline) {
            mostBuffered = Math.max(mostBuffered, second.metric("telemed_store_buffered"));
            sleep(200);
        }
        assertThat(second.log()).doesNotContain("OutOfMemoryError");
        assertThat(second.isAlive()).isTrue();
        assertThat(stored()).isEqualTo(expected);
        assertThat(mostBuffered).as("readings buffered for the store at most").isLessThanOrEqualTo(RECEIVE_MAXIMUM * perMessage);
        assertThat(stack.broker().droppedMessages()).as("broker dropped queued messages").isFalse();
    }

    /**
     * Publishes and waits for the broker's ack. Paho's synchronous publish returns a moment
     * before it frees the in-flight slot, so back-to-back publishes are now and then refused
     * with 32202 ("too many publishes in progress"): that one is tried again.
     */
    static void publish(MqttTestClient device, String topic, String payload) {
        for (int attempt = 1; ; attempt++) {
            try {
                device.publish(topic, payload);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 1_000 || !String.valueOf(e.getMessage()).contains("32202")) {
                    throw e;
                }
                sleep(1);
            }
        }
    }

    /** Message m: perMessage pulse readings of one device, each at its own millisecond. */
    static String batch(int m, int perMessage) {
        StringBuilder readings = new StringBuilder();
        for (int i = 0; i < perMessage; i++) {
            long ts = FIRST_TS + (long) (m / DEVICES.size()) * perMessage + i;
            readings.append(i == 0 ? "" : ",").append("{\"ts\":").append(ts)
                    .append(",\"type\":\"pulse\",\"value\":70,\"unit\":\"/min\"}");
        }
        return "{\"msgId\":\"backlog-" + m + "\",\"readings\":[" + readings + "]}";
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
