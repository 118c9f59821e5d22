package dk.telemed.gateway.leadership;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The rule that decides the role, apart from ZooKeeper: a member is active only while the
 * election names it leader AND its lease is valid on its own clock. Each event returns the
 * transitions it caused, in order; callers apply them to the listener in that order.
 *
 * <p>Because {@link #role()} reads the clock, a member paused past its lease (a long GC, SIGSTOP)
 * is standby the moment it wakes, before any thread has seen an event from the engine: whatever
 * checks the role before acting does nothing.
 */
final class LeaderState {
    /** What an event changed. */
    sealed interface Transition {
        record BecameActive(FencingToken token) implements Transition {
        }

        record SteppedDown(FencingToken token, StepDownReason reason) implements Transition {
        }
    }

    private final LongSupplier nanoClock;
    private final Lease lease = new Lease();
    private boolean elected;
    private boolean closed;
    /** The token of the election node last confirmed as ours; null before the first confirmation of a term. */
    private FencingToken confirmedToken;
    /** The token of the current active term; null while standby. */
    private FencingToken activeToken;

    LeaderState(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The election names this member leader; it becomes active once the engine confirms its node. */
    synchronized List<Transition> elected() {
        if (closed) {
            return List.of();
        }
        elected = true;
        return evaluate(StepDownReason.LEASE_EXPIRED);
    }

    /**
     * The engine answered a request sent at {@code sentAtNanos}: our election node exists, owned by
     * our session, with {@code token}. The lease runs {@code leaseNanos} from the sending.
     */
    synchronized List<Transition> confirmed(FencingToken token, long sentAtNanos, long leaseNanos) {
        if (closed || !elected) {
            return List.of();
        }
        List<Transition> out = new ArrayList<>();
        if (activeToken != null && !activeToken.equals(token)) {
            // A different node is ours now: the old term ended, whatever we heard of it.
            out.add(stepDown(StepDownReason.LEADERSHIP_REVOKED));
        }
        confirmedToken = token;
        lease.confirm(sentAtNanos, leaseNanos);
        out.addAll(evaluate(StepDownReason.LEASE_EXPIRED));
        return out;
    }

    /** The election no longer names this member, or its node is gone. */
    synchronized List<Transition> revoked() {
        return endTerm(StepDownReason.LEADERSHIP_REVOKED);
    }

    /** The engine expired this member's session. */
    synchronized List<Transition> sessionLost() {
        return endTerm(StepDownReason.SESSION_LOST);
    }

    /** Time passed: steps down when the lease ran out. */
    synchronized List<Transition> tick() {
        return evaluate(StepDownReason.LEASE_EXPIRED);
    }

    /** This member is shutting down; nothing makes it active again. */
    synchronized List<Transition> close() {
        List<Transition> out = endTerm(StepDownReason.CLOSED);
        closed = true;
        return out;
    }

    synchronized Role role() {
        return activeToken != null && lease.isValidAt(nanoClock.getAsLong()) ? Role.ACTIVE : Role.STANDBY;
    }

    /** The current term's token while active (and the lease valid). */
    synchronized Optional<FencingToken> fence() {
        return role() == Role.ACTIVE ? Optional.of(activeToken) : Optional.empty();
    }

    private List<Transition> endTerm(StepDownReason reason) {
        elected = false;
        confirmedToken = null;
        lease.drop();
        return evaluate(reason);
    }

    private List<Transition> evaluate(StepDownReason reasonIfStepping) {
        boolean shouldLead = !closed && elected && confirmedToken != null && lease.isValidAt(nanoClock.getAsLong());
        if (activeToken == null && shouldLead) {
            activeToken = confirmedToken;
            return List.of(new Transition.BecameActive(activeToken));
        }
        if (activeToken != null && !shouldLead) {
            return List.of(stepDown(reasonIfStepping));
        }
        return List.of();
    }

    private Transition stepDown(StepDownReason reason) {
        Transition t = new Transition.SteppedDown(activeToken, reason);
        activeToken = null;
        if (reason == StepDownReason.LEASE_EXPIRED) {
            // A new term needs a fresh confirmation, not the tail of an expired one.
            confirmedToken = null;
            lease.drop();
        }
        return t;
    }
}
