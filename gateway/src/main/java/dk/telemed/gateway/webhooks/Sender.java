package dk.telemed.gateway.webhooks;

import io.vertx.core.Future;

/** Hands one event's exact body to a receiver; the future always succeeds, with how the attempt ended. */
@FunctionalInterface
public interface Sender {
    Future<Attempt> post(String eventId, byte[] body);
}
