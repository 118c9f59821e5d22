package dk.telemed.gateway.alerts;

import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.rules.AlertSink;
import io.vertx.core.Future;

import java.util.function.BiFunction;

/**
 * Publishes each alert event to {@code telemed/v1/alerts/{careTeam}/{patient}} at QoS 1
 * (interface section 3). The broker, with persistence on, is the durable queue from here on:
 * nurses' systems and the webhook dispatcher read the events from it.
 */
public final class MqttAlertPublisher implements AlertSink {
    private final AlertEventJson json = new AlertEventJson();
    private final BiFunction<String, byte[], Future<Void>> publish;

    /** @param publish publishes a payload to a topic at QoS 1, completing when the broker has it */
    public MqttAlertPublisher(BiFunction<String, byte[], Future<Void>> publish) {
        this.publish = publish;
    }

    public static String topic(String careTeam, String patient) {
        return "telemed/v1/alerts/" + careTeam + "/" + patient;
    }

    @Override
    public Future<Void> publish(AlertEvent event) {
        return publish.apply(topic(event.careTeam(), event.patient()), json.write(event));
    }
}
