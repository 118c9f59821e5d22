package dk.telemed.gateway.it;

import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.Burst;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
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
            long expected = published;
            int r = round;
            Await.until("round " + r + ": all " + expected + " readings stored within 60 s of InfluxDB's return", WAIT,
                    () -> stored() >= expected);
            assertThat(stored()).as("round %d: each reading once", round).isEqualTo(expected);
            Await.until("round " + r + ": /ready 200", WAIT, () -> gateway.get("/ready") == 200);
            assertThat(gateway.get("/health")).isEqualTo(200);
        }
        assertThat(gateway.isAlive()).isTrue();
        assertThat(stack.broker().droppedMessages()).isFalse();
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
