package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertEvent;
import io.vertx.core.Future;

/**
 * Where the rules hand alert events. The future completes once the event is durably on its
 * way (the broker has it), so a reading is acknowledged only after the alert it raised.
 */
public interface AlertSink {
    Future<Void> publish(AlertEvent event);

    /**
     * The durable sink first; once it has the event, each onlooker (the dashboards' live
     * stream) is told too. An onlooker's trouble never holds back or repeats the durable path.
     */
    static AlertSink fanOut(AlertSink durable, AlertSink... onlookers) {
        return event -> durable.publish(event).onSuccess(v -> {
            for (AlertSink o : onlookers) {
                try {
                    o.publish(event);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(AlertSink.class).warn("an alert onlooker failed: {}", e.toString());
                }
            }
        });
    }
}
