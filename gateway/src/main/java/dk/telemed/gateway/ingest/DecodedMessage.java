package dk.telemed.gateway.ingest;

import java.util.List;
import java.util.Optional;

/** What one MQTT message held: the valid readings and a rejection for each invalid one. */
public record DecodedMessage(Optional<String> msgId, List<DecodedItem> items, List<Rejection> rejections) {
    public DecodedMessage {
        items = List.copyOf(items);
        rejections = List.copyOf(rejections);
    }

    static DecodedMessage rejected(Optional<String> msgId, Rejection rejection) {
        return new DecodedMessage(msgId, List.of(), List.of(rejection));
    }
}
