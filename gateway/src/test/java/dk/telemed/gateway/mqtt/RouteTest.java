package dk.telemed.gateway.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTest {
    static final InboundMessage MESSAGE = new InboundMessage("telemed/v1/devices/d/status", new byte[0], 1, 1, 1, 0);

    @Test
    void aRouteOnTheEventLoopDoesNothingOnTheClientsThreadAndAllInItsWork() {
        List<String> done = new ArrayList<>();
        Route route = Route.onEventLoop("#", 1, t -> true, m -> done.add("handled " + m.packetId()));
        Runnable work = route.handler().take(MESSAGE);
        assertThat(done).isEmpty();
        work.run();
        assertThat(done).containsExactly("handled 1");
    }

    @Test
    void aRouteThatPreparesOnTheClientsThreadHandsItsResultToItsWork() {
        List<String> done = new ArrayList<>();
        Route route = new Route("#", 1, t -> true, m -> {
            String decoded = "decoded " + m.packetId();
            done.add(decoded);
            return () -> done.add("handled with " + decoded);
        });
        Runnable work = route.handler().take(MESSAGE);
        assertThat(done).containsExactly("decoded 1");
        work.run();
        assertThat(done).containsExactly("decoded 1", "handled with decoded 1");
    }
}
