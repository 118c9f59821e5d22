package dk.telemed.gateway.alerts;

import dk.telemed.gateway.model.AlertEvent;
import io.vertx.core.Future;

/**
 * Where the rules hand alert events. The future completes once the event is durably on its
 * way (the broker has it), so a reading is acknowledged only after the alert it raised.
 */
public interface AlertSink {
    Future<Void> publish(AlertEvent event);
}
