package dk.telemed.gateway.rules;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The open alerts as the care team's API and FHIR see them, and the one way to acknowledge one. */
public interface AlertBoard {
    /** Whether the open alerts are rebuilt since start: until then a list would not be the whole truth. */
    boolean isReady();

    /** When the open alerts were rebuilt since start; empty until then. */
    Optional<Instant> readySince();

    /** The alerts open now; a snapshot. */
    Future<List<OpenAlert>> openAlerts();

    /**
     * A nurse acknowledges an open alert: the state is recorded and the {@code acknowledged}
     * event, naming who, goes out. Fails with {@link NoSuchElementException} for an alert that
     * is not open.
     */
    Future<OpenAlert> acknowledge(String alertId, String username, Optional<String> note);
}
