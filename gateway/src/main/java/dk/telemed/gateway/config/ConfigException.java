package dk.telemed.gateway.config;

import java.util.List;

/** The configuration cannot be used; the message names the file or variable, the key and what is wrong. */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("the configuration is not usable:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, for a caller that reports them in its own words. */
    public List<String> problems() {
        return problems;
    }
}
