package dk.telemed.gateway.api;

import dk.telemed.gateway.rules.OpenAlert;
import dk.telemed.gateway.rules.AlertBoard;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * The open alerts as the API sees them. Until the engine has rebuilt the open alerts from
 * InfluxDB after a start, the API answers 503 rather than an empty list that would show every
 * patient green.
 */
public final class RulesView {
    private final AlertBoard rules;

    public RulesView(AlertBoard rules) {
        this.rules = rules;
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
