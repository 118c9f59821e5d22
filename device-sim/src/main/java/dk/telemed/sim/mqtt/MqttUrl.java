package dk.telemed.sim.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/** The broker address as Paho wants it; also accepts the common mqtt:// and mqtts:// spellings. */
public final class MqttUrl {

    private static final String EXAMPLE = " (e.g. tcp://127.0.0.1:1883)";
    private static final Map<String, String> SCHEMES = Map.of(
            "tcp", "tcp", "mqtt", "tcp", "ssl", "ssl", "mqtts", "ssl", "ws", "ws", "wss", "wss");

    private MqttUrl() {
    }

    /**
     * @return the URL with a scheme Paho understands
     * @throws IllegalArgumentException with a message fit for the user if it is not a broker URL
     */
    public static String normalise(String url) {
        int separator = url.indexOf("://");
        String scheme = separator <= 0 ? null : SCHEMES.get(url.substring(0, separator).toLowerCase(Locale.ROOT));
        if (scheme == null) {
            throw new IllegalArgumentException("--mqtt '" + url + "' needs a scheme tcp://, ssl://, ws:// or wss://"
                    + EXAMPLE);
        }
        String rest = url.substring(separator + 3);
        if (rest.isEmpty() || rest.startsWith(":") || rest.startsWith("/")) {
            throw new IllegalArgumentException("--mqtt '" + url + "' has no host" + EXAMPLE);
        }
        String normalised = scheme + "://" + rest;
        try {
            URI uri = new URI(normalised);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("--mqtt '" + url + "' has no valid host" + EXAMPLE);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--mqtt '" + url + "' is not a valid URL: " + e.getReason() + EXAMPLE);
        }
        return normalised;
    }
}
