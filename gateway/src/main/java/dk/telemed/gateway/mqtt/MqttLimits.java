package dk.telemed.gateway.mqtt;

/**
 * The MQTT 5 Maximum Packet Size every session of the gateway announces in its CONNECT. The
 * broker must not send a larger packet (MQTT 5, 3.1.2.11.4), and Paho refuses one before
 * reading it into memory, so no publish of any size can exhaust the gateway's heap, even on a
 * broker without a limit of its own.
 */
public final class MqttLimits {
    /**
     * The broker's own limit for what clients publish ({@code max_packet_size} in
     * config/mosquitto.conf, 1 MiB) plus 64 KiB: the broker may write a packet it accepted a
     * little longer (a full topic instead of a topic alias, its own properties), and such a
     * packet must still arrive, so that the device gets its too_large rejection instead of
     * the broker dropping the message without a word.
     */
    public static final long MAX_PACKET_BYTES = 1_048_576L + 65_536L;

    private MqttLimits() {
    }
}
