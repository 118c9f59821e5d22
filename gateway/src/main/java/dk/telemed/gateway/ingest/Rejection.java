package dk.telemed.gateway.ingest;

import dk.telemed.gateway.model.RejectionCode;

/**
 * Why one reading (at {@code index} of a batch, or -1 for the single form or the whole
 * message) was not accepted, in words a device maker or operator can act on.
 */
public record Rejection(RejectionCode code, String reason, int index) {
    public static Rejection ofMessage(RejectionCode code, String reason) {
        return new Rejection(code, reason, -1);
    }
}
