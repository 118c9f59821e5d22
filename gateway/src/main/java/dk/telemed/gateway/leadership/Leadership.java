package dk.telemed.gateway.leadership;

import dk.telemed.gateway.config.CoordinationConfig;

import java.util.Optional;

/**
 * Whether this gateway is the one active member. Built from the {@code coordination} settings:
 * with an engine configured, a ZooKeeper election ({@link ZooKeeperLeadership}); without one, a
 * single gateway that is active from {@link #start} on ({@link SoleLeadership}).
 *
 * <p>The listener is told of each change once, in order: never two {@code becameActive} without
 * a {@code stoppedBeingActive} between them. Its methods run one at a time on the leadership's own
 * thread (the single gateway's {@code becameActive} on the caller's, during {@link #start}), and
 * must only hand work on: a slow callback delays the next. {@link #isActive()} is the guard to
 * check right before each act; it turns false the moment the lease runs out, before any callback.
 */
public sealed interface Leadership extends AutoCloseable permits ZooKeeperLeadership, SoleLeadership {
    /** What the gateway starts and stops with its leadership. */
    interface Listener {
        /** This member leads, for the term of {@code token}: start acting on the world. */
        void becameActive(FencingToken token);

        /** This member stopped leading: stop acting on the world at once, and wait as a standby. */
        void stoppedBeingActive(StepDownReason reason);
    }

    /**
     * Joins the election (or, without an engine, becomes active at once). Returns without
     * waiting for the engine: a member that cannot reach it stays standby and keeps trying.
     */
    static Leadership start(CoordinationConfig config, Listener listener) {
        String member = MemberName.of(config);
        if (!config.enabled()) {
            return SoleLeadership.start(member, listener);
        }
        return ZooKeeperLeadership.start(config, member, listener);
    }

    /** The name a member started with {@code config} has: the configured one, else the host name. */
    static String memberName(CoordinationConfig config) {
        return MemberName.of(config);
    }

    /** This member's name in the election and the logs. */
    String member();

    /** The role now, with the lease checked against the clock. */
    Role role();

    /** True while this member may act on the world. */
    default boolean isActive() {
        return role() == Role.ACTIVE;
    }

    /** The current term's token while active; empty while standby. */
    Optional<FencingToken> fence();

    /** Steps down (telling the listener) and leaves the election, so a standby takes over at once. */
    @Override
    void close();
}
