package dk.telemed.gateway.config;

import dk.telemed.gateway.model.Identifiers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The broker connection. {@code password} never appears in {@link #toString()}.
 *
 * @param caFile PEM file of the certificate authority that signed the broker's certificate
 *               (an {@code ssl://} URL); empty: the JVM's trust store
 */
public record MqttConfig(String url, String clientId, String sharedGroup, long sessionExpirySeconds,
                         int receiveMaximum, int keepAliveSeconds, int maxReconnectDelaySeconds,
                         int connectTimeoutSeconds, int publishTimeoutMs,
                         String username, String password, String passwordFile, String caFile) {
    public MqttConfig {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        passwordFile = passwordFile == null ? "" : passwordFile;
        caFile = caFile == null ? "" : caFile;
    }

    /** Without credentials or a CA of its own. */
    public MqttConfig(String url, String clientId, String sharedGroup, long sessionExpirySeconds,
                      int receiveMaximum, int keepAliveSeconds, int maxReconnectDelaySeconds) {
        this(url, clientId, sharedGroup, sessionExpirySeconds, receiveMaximum, keepAliveSeconds, maxReconnectDelaySeconds,
                10, 30_000, "", "", "", "");
    }

    void validate(Problems p) {
        p.url(url, "mqtt.url", "tcp", "ssl", "ws", "wss");
        p.require(clientId != null && !clientId.isBlank() && clientId.length() <= 64, "mqtt.clientId",
                "must be a fixed, non-empty id of at most 64 characters (the broker keeps the session under it)");
        p.require(sharedGroup.isEmpty() || Identifiers.isValid(sharedGroup), "mqtt.sharedGroup",
                "must be empty or match " + Identifiers.PATTERN_TEXT);
        p.require(sessionExpirySeconds > 0, "mqtt.sessionExpirySeconds",
                "must be above 0, or the broker forgets unacknowledged readings when the gateway disconnects");
        p.between(receiveMaximum, 1, 65535, "mqtt.receiveMaximum");
        p.between(keepAliveSeconds, 1, 65535, "mqtt.keepAliveSeconds");
        p.atLeast(maxReconnectDelaySeconds, 1, "mqtt.maxReconnectDelaySeconds");
        p.between(connectTimeoutSeconds, 1, 300, "mqtt.connectTimeoutSeconds");
        p.atLeast(publishTimeoutMs, 100, "mqtt.publishTimeoutMs");
        credentials().validate(p, "mqtt");
        validateCaFile(p, caFile, "mqtt.caFile", url != null && (url.startsWith("ssl:") || url.startsWith("wss:")),
                "an ssl:// or wss:// mqtt.url");
    }

    static void validateCaFile(Problems p, String caFile, String key, boolean tls, String needs) {
        if (caFile.isEmpty()) {
            return;
        }
        p.require(tls, key, "is only used with " + needs + "; set the URL's scheme or remove the CA file");
        p.require(Files.isRegularFile(Path.of(caFile)) && Files.isReadable(Path.of(caFile)), key,
                "'" + caFile + "' is not a readable PEM file");
    }

    public Credentials credentials() {
        return new Credentials(username, password, passwordFile);
    }

    /** The subscription filter for readings, shared when a group is configured. */
    public String readingsFilter() {
        String filter = "telemed/v1/devices/+/readings";
        return sharedGroup.isEmpty() ? filter : "$share/" + sharedGroup + "/" + filter;
    }

    /**
     * The same broker, account and TLS settings for a session of its own (a webhook's): no
     * shared group, and its own Receive Maximum.
     */
    public MqttConfig ownSession(int sessionReceiveMaximum) {
        return new MqttConfig(url, clientId, "", sessionExpirySeconds, sessionReceiveMaximum, keepAliveSeconds,
                maxReconnectDelaySeconds, connectTimeoutSeconds, publishTimeoutMs, username, password, passwordFile, caFile);
    }

    @Override
    public String toString() {
        return "MqttConfig[url=" + url + ", clientId=" + clientId + ", sharedGroup=" + sharedGroup
                + ", sessionExpirySeconds=" + sessionExpirySeconds + ", receiveMaximum=" + receiveMaximum
                + ", keepAliveSeconds=" + keepAliveSeconds + ", maxReconnectDelaySeconds=" + maxReconnectDelaySeconds
                + ", connectTimeoutSeconds=" + connectTimeoutSeconds + ", publishTimeoutMs=" + publishTimeoutMs
                + ", " + credentials() + ", caFile=" + caFile + "]";
    }
}
