package dk.telemed.gateway.ingest;

import dk.telemed.gateway.model.Reading;

import java.util.List;

/**
 * The result of storing one message's readings: all were written except {@code refused},
 * which InfluxDB declined for good (a client error that retrying cannot fix).
 */
public record StoreOutcome(List<Reading> refused, String refusalReason) {
    public static final StoreOutcome ALL_STORED = new StoreOutcome(List.of(), "");

    public StoreOutcome {
        refused = List.copyOf(refused);
    }
}
