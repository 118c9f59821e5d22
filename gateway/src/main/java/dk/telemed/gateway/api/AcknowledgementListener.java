package dk.telemed.gateway.api;

import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.Future;

import java.util.Optional;

/** Told when a nurse has acknowledged an alert, with the care team's optional note to the patient. */
public interface AcknowledgementListener {
    AcknowledgementListener NONE = (alert, patientNote) -> Future.succeededFuture();

    Future<Void> acknowledged(OpenAlert alert, Optional<String> patientNote);
}
