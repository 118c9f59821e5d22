package dk.telemed.gateway.leadership;

import dk.telemed.gateway.leadership.LeaderState.Transition.BecameActive;
import dk.telemed.gateway.leadership.LeaderState.Transition.SteppedDown;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule "active = elected and the lease valid on our own clock", event by event, on an injected clock. */
class LeaderStateTest {
    private static final long LEASE = 8_000;
    private static final FencingToken TERM_1 = new FencingToken(0x100, 0xA);
    private static final FencingToken TERM_2 = new FencingToken(0x200, 0xB);

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final LeaderState state = new LeaderState(clock::get);

    @Test
    void beingFirstInTheElectionIsNotEnoughTheEngineMustConfirmTheNode() {
        assertThat(state.elected()).isEmpty();
        assertThat(state.role()).isEqualTo(Role.STANDBY);
        assertThat(state.fence()).isEmpty();

        assertThat(state.confirmed(TERM_1, clock.get(), LEASE)).containsExactly(new BecameActive(TERM_1));
        assertThat(state.role()).isEqualTo(Role.ACTIVE);
        assertThat(state.fence()).contains(TERM_1);
    }

    @Test
    void aConfirmationWithoutElectionMakesNobodyActive() {
        assertThat(state.confirmed(TERM_1, clock.get(), LEASE)).isEmpty();
        assertThat(state.role()).isEqualTo(Role.STANDBY);
    }

    @Test
    void aPausedMemberIsStandbyTheMomentItWakesBeforeAnyEventArrives() {
        activate(TERM_1);
        clock.addAndGet(LEASE - 1);
        assertThat(state.role()).isEqualTo(Role.ACTIVE);

        clock.addAndGet(1); // the pause outlasted the lease
        assertThat(state.role()).isEqualTo(Role.STANDBY);
        assertThat(state.fence()).isEmpty();
        assertThat(state.tick()).containsExactly(new SteppedDown(TERM_1, StepDownReason.LEASE_EXPIRED));
        assertThat(state.tick()).isEmpty();
    }

    @Test
    void renewalsKeepTheMemberActiveAcrossALostConnectionThatComesBackWithinTheLease() {
        activate(TERM_1);
        for (int i = 0; i < 10; i++) {
            long sent = clock.get();
            clock.addAndGet(LEASE / 2);
            assertThat(state.confirmed(TERM_1, sent, LEASE)).isEmpty();
            assertThat(state.tick()).isEmpty();
            assertThat(state.role()).isEqualTo(Role.ACTIVE);
        }
    }

    @Test
    void afterALeaseExpiredTheSameSessionMayLeadAgainOnceConfirmed() {
        activate(TERM_1);
        clock.addAndGet(LEASE);
        assertThat(state.tick()).containsExactly(new SteppedDown(TERM_1, StepDownReason.LEASE_EXPIRED));
        // An answer to a request sent before the pause cannot revive the old lease.
        assertThat(state.confirmed(TERM_1, clock.get() - LEASE, LEASE)).isEmpty();
        assertThat(state.role()).isEqualTo(Role.STANDBY);

        assertThat(state.confirmed(TERM_1, clock.get(), LEASE)).containsExactly(new BecameActive(TERM_1));
    }

    @Test
    void aLostSessionOrARevokedNodeEndsTheTermAtOnceAndNeedsANewElection() {
        activate(TERM_1);
        assertThat(state.sessionLost()).containsExactly(new SteppedDown(TERM_1, StepDownReason.SESSION_LOST));
        assertThat(state.confirmed(TERM_1, clock.get(), LEASE)).isEmpty();
        assertThat(state.role()).isEqualTo(Role.STANDBY);

        activate(TERM_2);
        assertThat(state.revoked()).containsExactly(new SteppedDown(TERM_2, StepDownReason.LEADERSHIP_REVOKED));
        assertThat(state.revoked()).isEmpty();
    }

    @Test
    void aNewNodeWhileActiveEndsTheOldTermBeforeTheNewOneBegins() {
        activate(TERM_1);
        assertThat(state.confirmed(TERM_2, clock.get(), LEASE)).containsExactly(
                new SteppedDown(TERM_1, StepDownReason.LEADERSHIP_REVOKED), new BecameActive(TERM_2));
        assertThat(state.fence()).contains(TERM_2);
    }

    @Test
    void closingStepsDownOnceAndNothingMakesAClosedMemberActive() {
        activate(TERM_1);
        assertThat(state.close()).containsExactly(new SteppedDown(TERM_1, StepDownReason.CLOSED));
        assertThat(state.elected()).isEmpty();
        assertThat(state.confirmed(TERM_2, clock.get(), LEASE)).isEmpty();
        assertThat(state.role()).isEqualTo(Role.STANDBY);
        assertThat(state.close()).isEmpty();
    }

    @Test
    void tokensOfLaterTermsAreNewer() {
        assertThat(TERM_2.isNewerThan(TERM_1)).isTrue();
        assertThat(TERM_1.isNewerThan(TERM_2)).isFalse();
        assertThat(TERM_1.isNewerThan(TERM_1)).isFalse();
        assertThat(TERM_1.isNewerThan(FencingToken.SOLE)).isTrue();
        assertThat(TERM_1).hasToString("term 0x100 (session 0xa)");
    }

    private void activate(FencingToken token) {
        state.elected();
        assertThat(state.confirmed(token, clock.get(), LEASE)).containsExactly(new BecameActive(token));
    }
}
