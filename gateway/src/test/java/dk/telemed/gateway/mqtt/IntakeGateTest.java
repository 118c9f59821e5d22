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
    static final long NO_WAIT = 0;
    static final long A_MINUTE = TimeUnit.MINUTES.toNanos(1);

    final AtomicInteger inStore = new AtomicInteger();
    final IntakeGate gate = new IntakeGate(3, inStore::get);

    @Test
    void belowTheLimitAMessageGoesOnAtOnce() {
        gate.queued();
        inStore.set(1);
        assertThat(gate.held()).isEqualTo(2);
        assertThat(gate.awaitRoom(() -> false, NO_WAIT)).isEqualTo(IntakeGate.Room.ADMITTED);
    }

    @Test
    void atTheLimitAMessageFindsNoRoomUntilTheStoreHasWrittenSome() throws Exception {
        gate.queued();
        inStore.set(2);
        assertThat(gate.awaitRoom(() -> false, NO_WAIT)).isEqualTo(IntakeGate.Room.TIMED_OUT);
        CompletableFuture<IntakeGate.Room> waiting = CompletableFuture.supplyAsync(() -> gate.awaitRoom(() -> false, A_MINUTE));
        inStore.set(1);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(IntakeGate.Room.ADMITTED);
    }

    @Test
    void aMessageTakenUpByTheEventLoopCountsOnlyThroughTheStore() throws Exception {
        gate.queued();
        gate.queued();
        gate.queued();
        assertThat(gate.awaitRoom(() -> false, NO_WAIT)).isEqualTo(IntakeGate.Room.TIMED_OUT);
        gate.started();
        assertThat(gate.awaitRoom(() -> false, NO_WAIT)).isEqualTo(IntakeGate.Room.ADMITTED);
        assertThat(gate.held()).isEqualTo(2);
    }

    @Test
    void aStoppingConnectionGivesUpWaiting() throws Exception {
        inStore.set(3);
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<IntakeGate.Room> waiting = CompletableFuture.supplyAsync(() -> gate.awaitRoom(stopping::get, A_MINUTE));
        stopping.set(true);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(IntakeGate.Room.GAVE_UP);
    }
}
