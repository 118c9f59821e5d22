package dk.telemed.gateway.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayMetricsTest {
    /**
     * A count read through a supplier made for the counter alone (a lambda over the component
     * that keeps the count) goes on being read after garbage collections.
     */
    @Test
    void aFunctionCounterReadsItsCountAfterGarbageCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayMetrics metrics = new GatewayMetrics(registry);
        AtomicLong shed = new AtomicLong();
        metrics.counter("telemed.test.total", "a count kept elsewhere", () -> shed.get());
        metrics.counter("telemed.test.tagged", "a count kept elsewhere", "reason", "first", () -> shed.get() * 2);
        collectGarbage();
        shed.set(7);
        assertThat(registry.get("telemed.test.total").functionCounter().count()).isEqualTo(7);
        assertThat(registry.get("telemed.test.tagged").tag("reason", "first").functionCounter().count()).isEqualTo(14);
    }

    /** Until an object only weakly reachable is gone, as the counters' suppliers were. */
    private static void collectGarbage() {
        WeakReference<Object> gone = new WeakReference<>(new Object());
        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
        }
        assertThat(gone.get()).as("a garbage collection ran").isNull();
    }
}
