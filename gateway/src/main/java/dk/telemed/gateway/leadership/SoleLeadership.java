package dk.telemed.gateway.leadership;

import java.util.Optional;

/** A single gateway without a coordination engine: active from start to close. */
public final class SoleLeadership implements Leadership {
    private final String member;
    private final Listener listener;
    private boolean active;

    private SoleLeadership(String member, Listener listener) {
        this.member = member;
        this.listener = listener;
    }

    static SoleLeadership start(String member, Listener listener) {
        SoleLeadership leadership = new SoleLeadership(member, listener);
        synchronized (leadership) {
            leadership.active = true;
        }
        listener.becameActive(FencingToken.SOLE);
        return leadership;
    }

    @Override
    public String member() {
        return member;
    }

    @Override
    public synchronized Role role() {
        return active ? Role.ACTIVE : Role.STANDBY;
    }

    @Override
    public Optional<FencingToken> fence() {
        return isActive() ? Optional.of(FencingToken.SOLE) : Optional.empty();
    }

    @Override
    public void close() {
        boolean wasActive;
        synchronized (this) {
            wasActive = active;
            active = false;
        }
        if (wasActive) {
            listener.stoppedBeingActive(StepDownReason.CLOSED);
        }
    }
}
