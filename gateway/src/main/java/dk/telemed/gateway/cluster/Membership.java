package dk.telemed.gateway.cluster;

import dk.telemed.gateway.config.ClusterConfig;

/**
 * Which member of a cluster of gateways runs a patient's clinical rules. The owner is fixed by
 * the patient id alone ({@link String#hashCode()} is the same on every JVM), so every member
 * agrees without asking the others, and a patient's readings meet in one place whichever
 * member the broker handed them to.
 *
 * @param group the members' shared subscription group; their inboxes are named after it, so two
 *              clusters on one broker never read each other's
 */
public record Membership(int members, int self, String group) {
    private static final String PREFIX = "telemed/v1/cluster/";

    public Membership {
        if (members < 1 || self < 0 || self >= members) {
            throw new IllegalArgumentException("member " + self + " of " + members);
        }
    }

    /** A gateway on its own: it judges every patient. */
    public static Membership alone() {
        return new Membership(1, 0, "");
    }

    public static Membership of(ClusterConfig cluster, String sharedGroup) {
        return new Membership(cluster.members(), cluster.member(), sharedGroup);
    }

    public boolean clustered() {
        return members > 1;
    }

    public int ownerOf(String patientId) {
        return members == 1 ? 0 : Math.floorMod(patientId.hashCode(), members);
    }

    public boolean owns(String patientId) {
        return ownerOf(patientId) == self;
    }

    /** Where a member receives its patients' readings, acknowledgements and the answers to its own requests. */
    public String inbox(int member) {
        return PREFIX + group + "/member-" + member;
    }

    public String inbox() {
        return inbox(self);
    }

    @Override
    public String toString() {
        return clustered() ? "member " + self + " of " + members + " (group " + group + ")" : "a single gateway";
    }
}
