package dk.telemed.gateway.feedback;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The readings' feedback on its way out, at most one publish in flight per device and at most
 * one waiting behind it: a newer message replaces the waiting one unless that one is more
 * urgent (a red message is not overwritten by a normal one). A device that sends faster than
 * the broker takes the feedback (a backlog after an outage) so gets the latest, most urgent
 * word, the memory held is bounded by the number of devices, and the readings' own
 * acknowledgements never wait for it.
 *
 * <p>Used from one event-loop context only.
 */
final class FeedbackOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackOutbox.class);

    private final BiFunction<String, byte[], Future<Void>> publish;
    private final Set<String> inFlight = new HashSet<>();
    private final Map<String, Waiting> waiting = new HashMap<>();
    private long failures;

    /** @param publish publishes a payload to a topic at QoS 1, completing when the broker has it */
    FeedbackOutbox(BiFunction<String, byte[], Future<Void>> publish) {
        this.publish = publish;
    }

    /** @param urgency higher is more urgent; a waiting message is replaced by one at least as urgent */
    void offer(String deviceId, String topic, byte[] body, int urgency) {
        if (!inFlight.contains(deviceId)) {
            start(deviceId, topic, body);
            return;
        }
        Waiting before = waiting.get(deviceId);
        if (before == null || urgency >= before.urgency) {
            waiting.put(deviceId, new Waiting(topic, body, urgency));
        }
    }

    /** Devices with feedback in flight or waiting; for the tests and the metrics. */
    int pending() {
        return inFlight.size() + waiting.size();
    }

    private void start(String deviceId, String topic, byte[] body) {
        inFlight.add(deviceId);
        publish.apply(topic, body).onComplete(r -> {
            inFlight.remove(deviceId);
            if (r.failed() && failures++ % 100 == 0) {
                LOG.warn("feedback to device {} not published ({} so far): {}", deviceId, failures, r.cause().getMessage());
            }
            Waiting next = waiting.remove(deviceId);
            if (next != null) {
                start(deviceId, next.topic, next.body);
            }
        });
    }

    private record Waiting(String topic, byte[] body, int urgency) {
    }
}
