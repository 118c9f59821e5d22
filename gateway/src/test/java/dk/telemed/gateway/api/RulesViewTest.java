package dk.telemed.gateway.api;

import dk.telemed.gateway.rules.AlertBoard;
import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RulesViewTest {
    private static final Instant READY = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void anUnknownAlertIsNotKnownToBeUnknownUntilTheRulesAreReadyAndTheGatewayHasCaughtUp() {
        assertThat(view(Optional.empty(), true, READY.plusSeconds(300)).settled()).as("rules not rebuilt").isFalse();
        assertThat(view(Optional.of(READY), false, READY.plusSeconds(5)).settled()).as("still taking in the broker's backlog").isFalse();
        assertThat(view(Optional.of(READY), true, READY.plusSeconds(1)).settled()).as("caught up").isTrue();
    }

    @Test
    void aGatewayThatNeverCatchesUpIsSettledOnceTheRulesHaveBeenReadyForTheSettlingTime() {
        assertThat(view(Optional.of(READY), false, READY.plus(RulesView.SETTLING).minusMillis(1)).settled()).isFalse();
        assertThat(view(Optional.of(READY), false, READY.plus(RulesView.SETTLING)).settled()).isTrue();
    }

    private static RulesView view(Optional<Instant> readySince, boolean caughtUp, Instant now) {
        AlertBoard board = new AlertBoard() {
            @Override
            public boolean isReady() {
                return readySince.isPresent();
            }

            @Override
            public Optional<Instant> readySince() {
                return readySince;
            }

            @Override
            public Future<List<OpenAlert>> openAlerts() {
                return Future.succeededFuture(List.of());
            }

            @Override
            public Future<OpenAlert> acknowledge(String alertId, String username, Optional<String> note) {
                return Future.failedFuture(new java.util.NoSuchElementException(alertId));
            }
        };
        return new RulesView(board, () -> caughtUp, Clock.fixed(now, ZoneOffset.UTC));
    }
}
