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

    /** Messages taken up and not yet done (in the store, the rules, a publish). */
    final AtomicInteger inStore = new AtomicInteger();
    /** Done messages waiting for an earlier one's acknowledgement. */
    final AtomicInteger doneWaiting = new AtomicInteger();
    final Held held = new Held() {
        @Override
        public int inProgress() {
            return inStore.get();
        }

        @Override
        public int unacknowledged() {
            return inStore.get() + doneWaiting.get();
        }
    };
    final IntakeGate gate = new IntakeGate(3, () -> held);

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

    @Test
    void doneMessagesWaitingForAnEarlierOneLeaveRoomUpToTheirOwnBound() throws Exception {
        inStore.set(1);
        doneWaiting.set(3 * IntakeGate.WAITING_FACTOR - 2);
        assertThat(gate.awaitRoom(() -> false, NO_WAIT)).isEqualTo(IntakeGate.Room.ADMITTED);
        assertThat(gate.held()).isEqualTo(3 * IntakeGate.WAITING_FACTOR - 1);
        doneWaiting.set(3 * IntakeGate.WAITING_FACTOR - 1);
        assertThat(gate.awaitRoom(() -> false, NO_WAIT)).isEqualTo(IntakeGate.Room.TIMED_OUT);
        CompletableFuture<IntakeGate.Room> waiting = CompletableFuture.supplyAsync(() -> gate.awaitRoom(() -> false, A_MINUTE));
        // The slow message at the head is done: it and the ones behind it are acknowledged.
        inStore.set(0);
        doneWaiting.set(0);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(IntakeGate.Room.ADMITTED);
    }
}
