package dk.telemed.gateway.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.telemed.gateway.model.Mappers;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Publishes rejections to {@code telemed/v1/rejected/{deviceId}} (interface section 1), so
 * the device maker or operator sees what was wrong. Beyond a per-message limit the rest are
 * summed up in one last rejection: a broken upload must not flood the topic.
 */
public final class RejectionPublisher {
    private final ObjectMapper json = Mappers.json();
    private final BiFunction<String, byte[], Future<Void>> publish;
    private final int maxPerMessage;

    /** @param publish publishes a payload to a topic at QoS 1, completing when the broker has it */
    public RejectionPublisher(BiFunction<String, byte[], Future<Void>> publish, int maxPerMessage) {
        this.publish = publish;
        this.maxPerMessage = maxPerMessage;
    }

    public static String topic(String deviceId) {
        return "telemed/v1/rejected/" + deviceId;
    }

    public Future<Void> publish(String deviceId, Optional<String> msgId, List<Rejection> rejections, Instant receivedAt) {
        if (rejections.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<Void>> sent = new ArrayList<>();
        int shown = Math.min(rejections.size(), rejections.size() > maxPerMessage ? maxPerMessage - 1 : maxPerMessage);
        for (Rejection r : rejections.subList(0, shown)) {
            sent.add(publish.apply(topic(deviceId), body(deviceId, msgId, r, receivedAt)));
        }
        if (shown < rejections.size()) {
            Rejection first = rejections.get(shown);
            Rejection summary = new Rejection(first.code(), (rejections.size() - shown)
                    + " more readings of this message were rejected too; the first of them: " + first.reason(), first.index());
            sent.add(publish.apply(topic(deviceId), body(deviceId, msgId, summary, receivedAt)));
        }
        return Future.all(sent).mapEmpty();
    }

    byte[] body(String deviceId, Optional<String> msgId, Rejection r, Instant receivedAt) {
        ObjectNode body = json.createObjectNode();
        body.put("deviceId", deviceId);
        if (msgId.isPresent()) {
            body.put("msgId", msgId.get());
        } else {
            body.putNull("msgId");
        }
        body.put("code", r.code().code());
        body.put("reason", r.reason());
        body.put("receivedAt", receivedAt.toString());
        if (r.index() >= 0) {
            body.put("index", r.index());
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a rejection body always serialises", e);
        }
    }
}
