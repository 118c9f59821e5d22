package dk.telemed.gateway.api;

import java.util.List;

/** A request whose parameters or body are wrong: 400 with every problem listed. */
final class BadRequest extends RuntimeException {
    private final List<String> problems;

    BadRequest(String message, List<String> problems) {
        super(message, null, false, false);
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
