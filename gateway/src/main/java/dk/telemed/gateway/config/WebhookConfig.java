package dk.telemed.gateway.config;

import dk.telemed.gateway.model.Identifiers;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A nurses' system receiving alert events by signed HTTP POST (interface section 3). The
 * secrets never appear in {@link #toString()}.
 *
 * @param name           stable name: part of the broker session's client id and the metrics' receiver tag
 * @param secrets        Standard Webhooks signing secrets, current first; each signs every request (rotation)
 * @param careTeams      only these care teams' alerts; empty for all
 * @param minSeverity    {@code blue} (all), {@code yellow} (yellow and red) or {@code red}
 * @param timeoutMs      how long one request may take, from sending to the end of the answer
 * @param connectTimeoutMs how long to wait for the TCP (and TLS) connection
 * @param caFile         PEM file of the only CAs trusted for this receiver's certificate (a
 *                       receiver with its own CA); empty: the JVM's trust store
 */
public record WebhookConfig(String name, String url, List<String> secrets, List<String> careTeams, String minSeverity,
                            int timeoutMs, int connectTimeoutMs, String caFile) {
    /** The prefix of a secret in the Standard Webhooks form: base64 of the key's bytes follows. */
    public static final String SECRET_PREFIX = "whsec_";
    static final List<String> SEVERITIES = List.of("blue", "yellow", "red");

    public WebhookConfig {
        secrets = List.copyOf(secrets);
        careTeams = List.copyOf(careTeams);
        caFile = caFile == null ? "" : caFile;
    }

    /** A receiver whose certificate the JVM's trust store verifies. */
    public WebhookConfig(String name, String url, List<String> secrets, List<String> careTeams, String minSeverity,
                         int timeoutMs, int connectTimeoutMs) {
        this(name, url, secrets, careTeams, minSeverity, timeoutMs, connectTimeoutMs, "");
    }

    static void validate(List<WebhookConfig> webhooks, Problems p) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < webhooks.size(); i++) {
            WebhookConfig w = webhooks.get(i);
            w.validate(p, i);
            p.require(w.name() == null || names.add(w.name()), "webhooks[" + i + "].name",
                    "'" + w.name() + "' is the name of an earlier webhook; each needs its own");
        }
    }

    private void validate(Problems p, int index) {
        String key = "webhooks[" + index + "].";
        p.require(Identifiers.isValid(name), key + "name", "must match " + Identifiers.PATTERN_TEXT
                + " (it names the receiver in metrics and in its broker session)");
        p.url(url, key + "url", "http", "https");
        p.require(!secrets.isEmpty(), key + "secrets",
                "must hold at least one signing secret" + ("default".equals(name) ? " (use TELEMED_WEBHOOK_SECRET)" : ""));
        for (int i = 0; i < secrets.size(); i++) {
            // Never the secret itself in the message: it goes to the log and the console.
            p.require(secretProblem(secrets.get(i)) == null, key + "secrets[" + i + "]", String.valueOf(secretProblem(secrets.get(i))));
        }
        for (int i = 0; i < careTeams.size(); i++) {
            p.require(Identifiers.isValid(careTeams.get(i)), key + "careTeams[" + i + "]",
                    "must be a care team name matching " + Identifiers.PATTERN_TEXT);
        }
        p.require(minSeverity != null && SEVERITIES.contains(minSeverity.toLowerCase(Locale.ROOT)), key + "minSeverity",
                "must be one of blue (every alert), yellow (yellow and red) or red, is '" + minSeverity + "'");
        p.between(timeoutMs, 100, 600_000, key + "timeoutMs");
        p.between(connectTimeoutMs, 100, 600_000, key + "connectTimeoutMs");
        MqttConfig.validateCaFile(p, caFile, key + "caFile", url != null && url.startsWith("https:"), "an https:// url");
    }

    private static String secretProblem(String secret) {
        if (secret == null || secret.isBlank()) {
            return "must not be empty";
        }
        if (secret.startsWith(SECRET_PREFIX)) {
            try {
                if (Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())).length == 0) {
                    return "holds no key after " + SECRET_PREFIX;
                }
            } catch (IllegalArgumentException e) {
                return "starts with " + SECRET_PREFIX + " but the rest is not base64 (the Standard Webhooks form)";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "WebhookConfig[name=" + name + ", url=" + url + ", secrets=(" + secrets.size() + " set), careTeams="
                + careTeams + ", minSeverity=" + minSeverity + ", timeoutMs=" + timeoutMs
                + ", connectTimeoutMs=" + connectTimeoutMs + (caFile.isEmpty() ? "" : ", caFile=" + caFile) + "]";
    }
}
