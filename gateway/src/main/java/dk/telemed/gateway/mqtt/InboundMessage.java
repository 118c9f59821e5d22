package dk.telemed.gateway.mqtt;

/**
 * An MQTT message as received, with what is needed to acknowledge it later: the packet id,
 * the QoS, and the connection it arrived on (an ack belongs to that connection only).
 */
public record InboundMessage(String topic, byte[] payload, int packetId, int qos, long connection, long receivedAtNanos) {
}
