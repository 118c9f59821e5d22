package dk.telemed.gateway.api;

import dk.telemed.gateway.rules.OpenAlert;
import dk.telemed.gateway.rules.AlertBoard;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The open alerts as the API sees them. Until the engine has rebuilt the open alerts from
 * InfluxDB after a start, the API answers 503 rather than an empty list that would show every
 * patient green.
 */
public final class RulesView {
    /**
     * How long after a start or a takeover an alert id the rules do not know may still be one
     * they have not rebuilt yet: an alert raised just before, whose reading the broker is
     * redelivering (it was published but not yet recorded when the gateway before stopped).
     * About the time the redelivery of a takeover took where it was measured (FailoverIT).
     */
    static final Duration SETTLING = Duration.ofSeconds(30);

    private final AlertBoard rules;
    private final Clock clock;

    public RulesView(AlertBoard rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /** True once the rules have been ready for {@link #SETTLING}: an alert id they do not know then is not one. */
    boolean settled() {
        return rules.readySince().map(since -> !clock.instant().isBefore(since.plus(SETTLING))).orElse(false);
    }

    Future<List<OpenAlert>> openAlerts() {
        return ready().compose(v -> rules.openAlerts());
    }

    Future<OpenAlert> acknowledge(String alertId, String username, Optional<String> note) {
        return ready().compose(v -> rules.acknowledge(alertId, username, note));
    }

    private Future<Void> ready() {
        return rules.isReady() ? Future.succeededFuture()
                : Future.failedFuture(new ApiError(503, "the open alerts are still being rebuilt from InfluxDB after a start; try again in a moment"));
    }
}
