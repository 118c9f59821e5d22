package dk.telemed.gateway.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IntakeGateTest {
    final AtomicInteger inStore = new AtomicInteger();
    final IntakeGate gate = new IntakeGate(3, inStore::get);

    @Test
    void belowTheLimitAMessageGoesOnAtOnce() {
        gate.queued();
        inStore.set(1);
        assertThat(gate.held()).isEqualTo(2);
        assertThat(gate.awaitRoom(() -> true)).isTrue();
    }

    @Test
    void atTheLimitTheCallerWaitsUntilTheStoreHasWrittenSome() throws Exception {
        gate.queued();
        inStore.set(2);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> gate.awaitRoom(() -> false));
        Thread.sleep(50);
        assertThat(waiting).isNotDone();
        inStore.set(1);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aMessageTakenUpByTheEventLoopCountsOnlyThroughTheStore() throws Exception {
        gate.queued();
        gate.queued();
        gate.queued();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> gate.awaitRoom(() -> false));
        Thread.sleep(50);
        assertThat(waiting).isNotDone();
        gate.started();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.held()).isEqualTo(2);
    }

    @Test
    void aStoppingConnectionGivesUpWaiting() throws Exception {
        inStore.set(3);
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> gate.awaitRoom(stopping::get));
        Thread.sleep(50);
        stopping.set(true);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
    }
}
