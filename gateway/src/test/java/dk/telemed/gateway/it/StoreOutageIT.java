package dk.telemed.gateway.it;

import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.Burst;
import dk.telemed.testsupport.FaultyHttpProxy;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * InfluxDB going away while a burst waits in the broker, as it happens: stopped or killed
 * with a thousand messages on their way, then started again on the same data. Every reading
 * the broker accepted is stored once, every time, and the gateway is live and ready again
 * without a restart.
 */
@Timeout(value = 14, unit = TimeUnit.MINUTES)
class StoreOutageIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String REGISTRY = """
            patients:
              - { id: p-0001, careTeam: nord-akut, conditions: [copd], devices: [oxi-0001] }
            """;
    /** An hour ago: readings of the last hour, as a home hub that was offline would send them. */
    static final long FIRST_TS = System.currentTimeMillis() - 60 * 60_000L;

    TestStack stack;
    String name;

    @BeforeEach
    void start(TestInfo test) {
        name = test.getTestMethod().orElseThrow().getName();
        stack = TestStack.start(Path.of("target/it/StoreOutageIT", name), REGISTRY);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    long stored() {
        return stack.stored("type = 'pulse'");
    }

    /**
     * The shape that wedged the gateway: 1,000 single-reading messages, InfluxDB stopped with
     * SIGTERM while they are written, 2,000 more published, InfluxDB started again 3 s later.
     * Ten times in one run, on one gateway started with its environment only.
     */
    @Test
    void influxStoppedWhileABurstWaitsTenTimesInARow() {
        GatewayProcess gateway = stack.track(stack.gateway("gw-" + name.substring(0, 20)).start());
        Burst device = new Burst(stack.broker().url(), "oxi-0001", FIRST_TS, 10);
        long published = 0;
        for (int round = 1; round <= 10; round++) {
            device.publish(published, 1_000);
            published += 1_000;
            stack.influx().stop();
            device.publish(published, 2_000);
            published += 2_000;
            pause(Duration.ofSeconds(3));
            stack.influx().start();
            assertAllStoredOnce(gateway, published, "round " + round);
        }
        assertThat(stack.broker().droppedMessages()).isFalse();
    }

    /** InfluxDB killed with SIGKILL while a burst is being written, three times in a row. */
    @Test
    void influxKilledWhileABatchIsInFlightThreeTimes() {
        GatewayProcess gateway = stack.track(stack.gateway("gw-kill9").start());
        Burst device = new Burst(stack.broker().url(), "oxi-0001", FIRST_TS, 10);
        long published = 0;
        for (int round = 1; round <= 3; round++) {
            long before = published;
            device.publish(published, 2_000);
            published += 2_000;
            Await.until("writing under way", WAIT, () -> stored() > before);
            stack.influx().kill();
            device.publish(published, 1_000);
            published += 1_000;
            stack.influx().start();
            assertAllStoredOnce(gateway, published, "round " + round);
        }
    }

    /**
     * InfluxDB answers 500 to everything for 30 s, then, later, its port accepts connections
     * and reads but never answers for 30 s: each time with a burst waiting. The gateway comes
     * back by itself, live and ready, with every reading stored once.
     */
    @Test
    void influxAnswering500AndThenSilentForThirtySecondsEach() {
        try (FaultyHttpProxy proxy = FaultyHttpProxy.start(stack.influx().port())) {
            GatewayProcess gateway = stack.track(stack.gateway("gw-faulty").env(Map.of(
                    "TELEMED_INFLUX_URL", proxy.url(),
                    "TELEMED_INFLUX_READ_TIMEOUT_MS", "3000",
                    "TELEMED_INFLUX_REQUEST_TIMEOUT_MS", "5000")).start());
            Burst device = new Burst(stack.broker().url(), "oxi-0001", FIRST_TS, 10);
            long published = 0;
            for (FaultyHttpProxy.Mode fault : List.of(FaultyHttpProxy.Mode.FAIL_500, FaultyHttpProxy.Mode.SILENT)) {
                device.publish(published, 1_000);
                published += 1_000;
                proxy.mode(fault);
                long requestsAtFault = proxy.requests();
                device.publish(published, 2_000);
                published += 2_000;
                Await.until("/ready 503 while InfluxDB is " + fault, WAIT, () -> gateway.get("/ready") == 503);
                Await.until("the gateway keeps trying", WAIT, () -> proxy.requests() > requestsAtFault + 3);
                pause(Duration.ofSeconds(30));
                assertThat(gateway.get("/health")).as("live while InfluxDB is %s", fault).isEqualTo(200);
                proxy.mode(FaultyHttpProxy.Mode.PASS);
                assertAllStoredOnce(gateway, published, "after " + fault);
            }
        }
    }

    /**
     * InfluxDB hung (SIGSTOP) for 15 s, five times the keep-alive, while a device streams: the
     * gateway is full, and the MQTT client still reads its pings, so the broker session is
     * never lost; what did not fit stays with the broker and comes once InfluxDB is back.
     */
    @Test
    void aHungStoreDoesNotCostTheBrokerSession() {
        GatewayProcess gateway = stack.track(stack.gateway("gw-hung").env(Map.of(
                "TELEMED_MQTT_KEEP_ALIVE_SECONDS", "3",
                "TELEMED_MQTT_RECEIVE_MAXIMUM", "100",
                "TELEMED_INFLUX_REQUEST_TIMEOUT_MS", "2000")).start());
        Burst device = new Burst(stack.broker().url(), "oxi-0001", FIRST_TS, 10);
        device.publish(0, 1_000);
        Await.until("the first burst stored", WAIT, () -> stored() == 1_000);
        for (int round = 1; round <= 2; round++) {
            stack.influx().pause();
            long from = round * 2_000L;
            device.publish(from - 1_000, 2_000);
            pause(Duration.ofSeconds(15));
            stack.influx().resume();
            assertAllStoredOnce(gateway, from + 1_000, "round " + round);
        }
        assertThat(gateway.log()).doesNotContain("lost the broker connection").doesNotContain("Timed out as no activity");
    }

    /**
     * InfluxDB takes writes and answers its ping but its queries hang (a query engine stuck
     * while writes pass), so the rules can never judge: the gateway holds the readings and does nothing with them. It fails /health, leaves
     * its broker session and exits with code 3; started again with InfluxDB whole, it gets
     * every message from the broker once more and nothing is lost. Twice: stalls are not one-offs.
     */
    @Test
    void aGatewayThatCanNoLongerJudgeFailsLivenessAndExitsToBeStartedAgain() {
        try (FaultyHttpProxy proxy = FaultyHttpProxy.start(stack.influx().port())) {
            Map<String, String> env = Map.of("TELEMED_INFLUX_URL", proxy.url(), "TELEMED_HEALTH_STALL_SECONDS", "10",
                    "TELEMED_INFLUX_REQUEST_TIMEOUT_MS", "2000");
            Burst device = new Burst(stack.broker().url(), "oxi-0001", FIRST_TS, 10);
            long published = 0;
            for (int round = 1; round <= 2; round++) {
                proxy.mode(FaultyHttpProxy.Mode.SILENT_QUERIES);
                if (round == 1) {
                    // The first start makes the broker session that keeps what follows for the others.
                    GatewayProcess stalling = stack.track(stack.gateway("gw-stall").env(env)
                            .env("TELEMED_HEALTH_EXIT_ON_STALL", "false").start());
                    device.publish(published, 500);
                    published += 500;
                    Await.until("/health 503 once stalled", WAIT, () -> stalling.get("/health") == 503);
                    assertThat(stalling.getBody("/health")).contains("stalled").contains("nothing stored, judged or acknowledged");
                    stalling.terminate();
                } else {
                    device.publish(published, 500);
                    published += 500;
                }

                GatewayProcess exiting = stack.track(stack.gateway("gw-stall").env(env).start());
                assertThat(exiting.waitForExit(WAIT)).as("exits once stalled").isTrue();
                assertThat(exiting.exitCode()).isEqualTo(3);
                assertThat(exiting.log()).contains("stalled: messages held");

                proxy.mode(FaultyHttpProxy.Mode.PASS);
                GatewayProcess restarted = stack.track(stack.gateway("gw-stall").env(env).start());
                assertAllStoredOnce(restarted, published, "round " + round + " after the restart");
                assertThat(restarted.metric("telemed_messages_received_total")).as("the broker redelivered what was held")
                        .isGreaterThanOrEqualTo(500);
                restarted.terminate();
            }
        }
    }

    void assertAllStoredOnce(GatewayProcess gateway, long expected, String when) {
        Await.until(when + ": all " + expected + " readings stored within 60 s", WAIT, () -> stored() >= expected);
        assertThat(stored()).as("%s: each reading once", when).isEqualTo(expected);
        Await.until(when + ": /ready 200", WAIT, () -> gateway.get("/ready") == 200);
        Await.until(when + ": every message acknowledged", WAIT, () -> gateway.metric("telemed_messages_unacknowledged") == 0);
        assertThat(gateway.get("/health")).isEqualTo(200);
        assertThat(gateway.isAlive()).isTrue();
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
