package dk.telemed.gateway.cluster;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MembershipTest {
    @Test
    void everyPatientHasExactlyOneOwnerAndTheMembersAgreeOnIt() {
        Membership zero = new Membership(3, 0, "g");
        Membership one = new Membership(3, 1, "g");
        Membership two = new Membership(3, 2, "g");
        for (int i = 0; i < 1000; i++) {
            String patient = "p-" + i;
            int owners = (zero.owns(patient) ? 1 : 0) + (one.owns(patient) ? 1 : 0) + (two.owns(patient) ? 1 : 0);
            assertThat(owners).as(patient).isEqualTo(1);
            assertThat(zero.ownerOf(patient)).isEqualTo(two.ownerOf(patient));
        }
    }

    @Test
    void patientsSpreadOverTheMembers() {
        Membership m = new Membership(2, 0, "g");
        Map<Integer, Integer> counts = new HashMap<>();
        IntStream.range(0, 1000).forEach(i -> counts.merge(m.ownerOf(String.format("p-%04d", i)), 1, Integer::sum));
        assertThat(counts.get(0)).isBetween(400, 600);
        assertThat(counts.get(1)).isBetween(400, 600);
    }

    @Test
    void theOwnerFollowsFromThePatientIdAlone() {
        // String.hashCode is fixed by the language specification, so every JVM agrees.
        assertThat(new Membership(2, 0, "g").ownerOf("p-0001")).isEqualTo(Math.floorMod("p-0001".hashCode(), 2));
    }

    @Test
    void aSingleGatewayOwnsEveryPatientAndIsNotClustered() {
        Membership alone = Membership.alone();
        assertThat(alone.clustered()).isFalse();
        assertThat(alone.owns("p-1")).isTrue();
        assertThat(alone.owns("anything")).isTrue();
    }

    @Test
    void inboxesAreNamedAfterTheGroupAndTheMember() {
        Membership m = new Membership(2, 1, "east");
        assertThat(m.inbox()).isEqualTo("telemed/v1/cluster/east/member-1");
        assertThat(m.inbox(0)).isEqualTo("telemed/v1/cluster/east/member-0");
    }

    @Test
    void aMemberOutsideTheClusterIsRefused() {
        assertThatThrownBy(() -> new Membership(2, 2, "g")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Membership(0, 0, "g")).isInstanceOf(IllegalArgumentException.class);
    }
}
