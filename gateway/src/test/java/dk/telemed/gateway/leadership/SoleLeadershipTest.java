package dk.telemed.gateway.leadership;

import dk.telemed.gateway.config.CoordinationConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SoleLeadershipTest {
    @Test
    void withoutAnEngineTheGatewayIsActiveFromStartToClose() {
        List<String> calls = new ArrayList<>();
        Leadership.Listener listener = new Leadership.Listener() {
            @Override
            public void becameActive(FencingToken token) {
                calls.add("active " + token);
            }

            @Override
            public void stoppedBeingActive(StepDownReason reason) {
                calls.add("standby " + reason);
            }
        };
        Leadership leadership = Leadership.start(new CoordinationConfig("", 10_000, 5_000, "/telemed/e", "solo"), listener);

        assertThat(leadership).isInstanceOf(SoleLeadership.class);
        assertThat(leadership.member()).isEqualTo("solo");
        assertThat(leadership.isActive()).isTrue();
        assertThat(leadership.fence()).contains(FencingToken.SOLE);
        assertThat(calls).containsExactly("active " + FencingToken.SOLE);

        leadership.close();
        leadership.close();
        assertThat(leadership.role()).isEqualTo(Role.STANDBY);
        assertThat(leadership.fence()).isEmpty();
        assertThat(calls).containsExactly("active " + FencingToken.SOLE, "standby CLOSED");
    }

    @Test
    void theMemberNameDefaultsToTheHostName() {
        String host = MemberName.hostName();
        assertThat(host).matches("[A-Za-z0-9._-]{1,64}");
        assertThat(MemberName.of(new CoordinationConfig("", 10_000, 5_000, "/a", ""))).isEqualTo(host);
    }
}
