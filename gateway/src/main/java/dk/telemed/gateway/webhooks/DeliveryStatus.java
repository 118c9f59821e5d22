package dk.telemed.gateway.webhooks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Every receiver's delivery state, as served at {@code GET /api/webhooks}. */
public final class DeliveryStatus {
    private final List<ReceiverStatus> receivers;

    public DeliveryStatus(List<ReceiverStatus> receivers) {
        this.receivers = List.copyOf(receivers);
    }

    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        receivers.forEach(r -> list.add(r.toJson()));
        return new JsonObject().put("receivers", list);
    }
}
