package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CatchupTest {

    @Test
    void anUncaughtExceptionInTheStoppedGatewaysLogIsFound() {
        String log = """
                2026-12-06T15:01:50.686Z INFO  [vert.x-eventloop-thread-0] Gateway - stopping: every stored reading's message acknowledged
                Exception in thread "influx-rules-0" java.util.concurrent.RejectedExecutionException: event executor terminated
                \tat io.netty.util.concurrent.SingleThreadEventExecutor.reject(SingleThreadEventExecutor.java:1125)
                """;

        assertThat(Catchup.uncaught(log)).contains(
                "Exception in thread \"influx-rules-0\" java.util.concurrent.RejectedExecutionException: event executor terminated");
        assertThat(Catchup.uncaught("2026-12-06T15:01:50.677Z INFO  [shutdown] Main - stopping\n")).isEmpty();
    }

    @Test
    void theHeapLimitIsTheGatewaysXmxInMiB() {
        assertThat(Catchup.heapLimitMiB()).isEqualTo(256.0);
    }

    @Test
    void aCatchUpThatNeverEndedHasNoTime() {
        Catchup.Sample at = new Catchup.Sample(3_500_000_000L, 10, 10, 0, 0, 1);

        assertThat(Catchup.seconds(at, 1_000_000_000L)).isEqualTo(2.5);
        assertThat(Catchup.seconds(null, 1_000_000_000L)).isNaN();
        assertThat(at.judged(10)).isTrue();
        assertThat(at.judged(11)).isFalse();
        assertThat(new Catchup.Sample(0, 10, 10, 1, 0, 1).judged(10)).isFalse();
        assertThat(new Catchup.Sample(0, 10, 10, 0, 2, 1).judged(10)).isFalse();
    }
}
