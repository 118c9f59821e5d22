package dk.telemed.gateway.ingest;

import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Reading;
import io.vertx.core.Future;

import java.util.List;

/**
 * Told about each message's readings once they are stored: where the clinical rules attach.
 * The message is acknowledged to the broker only when the returned future succeeds, so an
 * alert the readings raise is handed on before the broker forgets them.
 */
public interface ReadingListener {
    ReadingListener NONE = (readings, limits) -> Future.succeededFuture();

    Future<Void> accepted(List<Reading> stored, List<DeviceLimit> limits);
}
