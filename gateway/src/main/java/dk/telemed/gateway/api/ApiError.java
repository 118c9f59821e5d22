package dk.telemed.gateway.api;

/** A request the API refuses, with the status and a message a person can act on. */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
