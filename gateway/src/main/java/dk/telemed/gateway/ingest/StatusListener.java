package dk.telemed.gateway.ingest;

import io.vertx.core.Future;

/**
 * Told about each device status message; the message is acknowledged once the returned future
 * succeeds, so a technical alert it raises is handed on first.
 */
public interface StatusListener {
    StatusListener NONE = (deviceId, status) -> Future.succeededFuture();

    Future<Void> status(String deviceId, DeviceStatus status);
}
