package dk.telemed.gateway.registry;

import java.util.List;

/** The registry file is unusable; the message lists every problem, each naming its place in the file. */
public final class RegistryException extends Exception {
    private final List<String> problems;

    public RegistryException(String source, List<String> problems) {
        super(source + ": " + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
