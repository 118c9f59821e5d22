package dk.telemed.gateway.mqtt;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TakeoverGuardTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final TakeoverGuard guard = new TakeoverGuard(300_000, now::get);

    void pass(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void aLongConnectionLostWithoutAReasonReconnectsInOneSecondAndCountsNothing() {
        guard.connected();
        pass(3_600_000);
        TakeoverGuard.Decision d = guard.lost(0);
        assertThat(d.evidence()).isNull();
        assertThat(d.delayMs()).isEqualTo(1_000);
        assertThat(guard.holding()).isFalse();
        assertThat(guard.count(TakeoverGuard.Evidence.BROKER) + guard.count(TakeoverGuard.Evidence.SHORT_LIVED)).isZero();
    }

    @Test
    void theBrokersSessionTakenOverIsCountedAndWaitedOutEvenAfterALongConnection() {
        guard.connected();
        pass(3_600_000);
        TakeoverGuard.Decision d = guard.lost(TakeoverGuard.SESSION_TAKEN_OVER);
        assertThat(d.evidence()).isEqualTo(TakeoverGuard.Evidence.BROKER);
        assertThat(d.delayMs()).isEqualTo(2_000);
        assertThat(guard.count(TakeoverGuard.Evidence.BROKER)).isEqualTo(1);
        assertThat(guard.holding()).isTrue();
        pass(1_999);
        assertThat(guard.holding()).isTrue();
        pass(1);
        assertThat(guard.holding()).isFalse();
    }

    /** Two clients with one client id: each round of the fight doubles the wait, up to the bound, never more. */
    @Test
    void connectionsClosedSoonAfterTheyWereMadeBackOffUpToTheBound() {
        long[] delays = new long[12];
        for (int i = 0; i < delays.length; i++) {
            guard.connected();
            pass(1_500);
            TakeoverGuard.Decision d = guard.lost(0);
            assertThat(d.evidence()).isEqualTo(TakeoverGuard.Evidence.SHORT_LIVED);
            assertThat(d.inARow()).isEqualTo(i + 1);
            assertThat(d.lastedMs()).isEqualTo(1_500);
            delays[i] = d.delayMs();
            pass(d.delayMs());
        }
        assertThat(delays).startsWith(2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000)
                .endsWith(300_000, 300_000, 300_000);
        assertThat(guard.count(TakeoverGuard.Evidence.SHORT_LIVED)).isEqualTo(12);
    }

    /** A benign cause never keeps the gateway away: once a connection lasts, the next loss waits a second again. */
    @Test
    void aConnectionThatLastsEndsTheStreak() {
        for (int i = 0; i < 5; i++) {
            guard.connected();
            pass(100);
            pass(guard.lost(0).delayMs());
        }
        guard.connected();
        pass(TakeoverGuard.SHORT_LIVED_MS);
        TakeoverGuard.Decision d = guard.lost(0);
        assertThat(d.evidence()).isNull();
        assertThat(d.delayMs()).isEqualTo(1_000);
        guard.connected();
        pass(100);
        assertThat(guard.lost(0).inARow()).as("a new streak").isEqualTo(1);
    }

    @Test
    void aLossBeforeAnyConnectionIsNoTakeover() {
        TakeoverGuard.Decision d = guard.lost(0);
        assertThat(d.evidence()).isNull();
        assertThat(d.delayMs()).isEqualTo(1_000);
    }
}
