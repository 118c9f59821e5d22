package dk.telemed.gateway.leadership;

/**
 * The time within which the engine cannot have expired this member's session, measured on the
 * member's own monotonic clock. The engine expires a session a session timeout after it last
 * heard from the member, and it heard from it no earlier than when a confirmation was sent; so
 * from the sending of the last confirmed request, a margin short of the session timeout, nobody
 * else can have been elected. Not thread-safe: {@link LeaderState} guards it.
 */
final class Lease {
    private boolean held;
    private long validUntilNanos;

    /**
     * A request sent at {@code sentAtNanos} was answered by the engine: the lease runs to
     * {@code sentAtNanos + lengthNanos}. An older answer arriving late never shortens it.
     */
    void confirm(long sentAtNanos, long lengthNanos) {
        long until = sentAtNanos + lengthNanos;
        if (!held || until - validUntilNanos > 0) {
            validUntilNanos = until;
        }
        held = true;
    }

    void drop() {
        held = false;
    }

    boolean isValidAt(long nowNanos) {
        return held && validUntilNanos - nowNanos > 0;
    }
}
