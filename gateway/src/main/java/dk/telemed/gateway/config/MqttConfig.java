package dk.telemed.gateway.config;

import dk.telemed.gateway.model.Identifiers;

public record MqttConfig(String url, String clientId, String sharedGroup, long sessionExpirySeconds,
                         int receiveMaximum, int keepAliveSeconds, int maxReconnectDelaySeconds) {
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
    }

    /** The subscription filter for readings, shared when a group is configured. */
    public String readingsFilter() {
        String filter = "telemed/v1/devices/+/readings";
        return sharedGroup.isEmpty() ? filter : "$share/" + sharedGroup + "/" + filter;
    }
}
