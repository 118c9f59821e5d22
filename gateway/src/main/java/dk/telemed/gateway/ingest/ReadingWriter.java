package dk.telemed.gateway.ingest;

import dk.telemed.gateway.model.Reading;
import io.vertx.core.Future;

import java.util.List;

/**
 * Where the pipeline writes a message's readings before it acknowledges the message. Declared
 * here, by its caller, so that ingest does not depend on the store that implements it.
 */
public interface ReadingWriter {
    /**
     * Completes once every reading is durably written or refused for good; fails when the store
     * cannot be reached within its retries (the message is then not acknowledged).
     */
    Future<StoreOutcome> store(List<Reading> readings, long receivedAtNanos);
}
