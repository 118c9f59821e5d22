package dk.telemed.gateway.leadership;

/**
 * Proof of one term of leadership, larger for every later term. A store that records the token
 * of each write can refuse a write carrying a smaller token than one it has already seen: a
 * member that lost its leadership without noticing cannot overwrite its successor's work.
 *
 * @param term      the ZooKeeper transaction id (czxid) that created this member's election
 *                  node; the ensemble hands these out in one increasing sequence, and a later
 *                  leader's node is always younger than its predecessor's
 * @param sessionId the ZooKeeper session that owns the node (for the logs)
 */
public record FencingToken(long term, long sessionId) implements Comparable<FencingToken> {
    /** The token of a single gateway without a coordination engine: it is always the one leader. */
    public static final FencingToken SOLE = new FencingToken(0, 0);

    /** True when this token belongs to a later term than {@code other}. */
    public boolean isNewerThan(FencingToken other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(FencingToken other) {
        return Long.compare(term, other.term);
    }

    @Override
    public String toString() {
        return "term 0x" + Long.toHexString(term) + " (session 0x" + Long.toHexString(sessionId) + ")";
    }
}
