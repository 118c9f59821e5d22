package dk.telemed.gateway.api;

import dk.telemed.gateway.rules.OpenAlert;
import dk.telemed.gateway.rules.AlertBoard;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.Optional;

/**
 * The open alerts as the API sees them. Until the engine has rebuilt the open alerts from
 * InfluxDB after a start, the API answers 503 rather than an empty list that would show every
 * patient green.
 */
public final class RulesView {
    /**
     * After a start or a takeover, an alert id the rules do not know may still be one they have
     * not rebuilt yet: an alert raised just before, published but not yet recorded when the
     * gateway before stopped, whose reading the broker is redelivering. That is over once the
     * gateway has taken in what the broker kept for it ({@code caughtUp}), or at the latest this
     * long after the rules were ready.
     */
    static final Duration SETTLING = Duration.ofSeconds(30);

    private final AlertBoard rules;
    private final BooleanSupplier caughtUp;
    private final Clock clock;

    /** @param caughtUp true once the gateway holds nothing the broker redelivered after its start */
    public RulesView(AlertBoard rules, BooleanSupplier caughtUp, Clock clock) {
        this.rules = rules;
        this.caughtUp = caughtUp;
        this.clock = clock;
    }

    /** True once an alert id the rules do not know is not one: see {@link #SETTLING}. */
    boolean settled() {
        return rules.readySince().map(since -> caughtUp.getAsBoolean() || !clock.instant().isBefore(since.plus(SETTLING)))
                .orElse(false);
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
