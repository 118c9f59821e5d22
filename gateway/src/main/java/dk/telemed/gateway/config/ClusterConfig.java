package dk.telemed.gateway.config;

/**
 * Several gateways sharing the devices' readings ({@code mqtt.sharedGroup}): each patient's
 * clinical rules run on exactly one of them, {@code member} of {@code members}.
 *
 * @param members     how many gateways share the readings; 1: this gateway judges every patient
 * @param member      this gateway's number, 0 to members - 1, different on each
 * @param ackTimeoutMs how long an acknowledgement made on this gateway waits for the member that holds the alert
 */
public record ClusterConfig(int members, int member, long ackTimeoutMs) {
    void validate(Problems p, MqttConfig mqtt) {
        p.between(members, 1, 64, "cluster.members");
        p.require(member >= 0 && member < Math.max(1, members), "cluster.member",
                "must be between 0 and cluster.members - 1 (" + (members - 1) + "), is " + member);
        p.require(members == 1 || !mqtt.sharedGroup().isEmpty(), "cluster.members",
                "is " + members + ", which needs mqtt.sharedGroup: the members split the readings through that shared subscription");
        p.atLeast(ackTimeoutMs, 100, "cluster.ackTimeoutMs");
    }
}
