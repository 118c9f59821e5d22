package dk.telemed.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.gateway.model.Identifiers;
import dk.telemed.gateway.model.LogText;
import dk.telemed.gateway.model.Mappers;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code telemed/v1/devices/{deviceId}/status} (interface section 1; retained, QoS 1), e.g.
 * {@code {"online": true, "battery": 12}}. A status that cannot be read is acknowledged and
 * dropped with a log line: a status is advice about a device, and the next one replaces it.
 */
public final class DeviceStatusHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceStatusHandler.class);
    private static final String PREFIX = "telemed/v1/devices/";
    private static final String SUFFIX = "/status";

    private final ObjectMapper json = Mappers.json();
    private final AckSequencer acks;
    private final StatusListener listener;
    private final int maxPayloadBytes;

    public DeviceStatusHandler(AckSequencer acks, StatusListener listener, int maxPayloadBytes) {
        this.acks = acks;
        this.listener = listener;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The subscription, shared between gateways like the readings one when a group is configured. */
    public static String filter(String sharedGroup) {
        String filter = PREFIX + "+" + SUFFIX;
        return sharedGroup.isEmpty() ? filter : "$share/" + sharedGroup + "/" + filter;
    }

    public static boolean isStatusTopic(String topic) {
        return topic.startsWith(PREFIX) && topic.endsWith(SUFFIX);
    }

    public void handle(InboundMessage message) {
        AckSequencer.Ticket ticket = acks.register(message);
        String deviceId = message.topic().substring(PREFIX.length(), Math.max(PREFIX.length(), message.topic().length() - SUFFIX.length()));
        Optional<DeviceStatus> status = Identifiers.isValid(deviceId) ? parse(message.payload()) : Optional.empty();
        if (status.isEmpty()) {
            LOG.info("status from device {} ignored: not a status payload", Identifiers.isValid(deviceId) ? deviceId : "(invalid id)");
            acks.done(ticket);
            return;
        }
        listener.status(deviceId, status.get()).onComplete(r -> {
            if (r.succeeded()) {
                acks.done(ticket);
            } else {
                LOG.warn("status from device {} not acknowledged: {}", LogText.escape(deviceId), r.cause().getMessage());
            }
        });
    }

    Optional<DeviceStatus> parse(byte[] payload) {
        if (payload.length == 0 || payload.length > maxPayloadBytes) {
            return Optional.empty();
        }
        try {
            JsonNode n = json.readTree(payload);
            if (n == null || !n.isObject()) {
                return Optional.empty();
            }
            JsonNode online = n.get("online");
            JsonNode battery = n.get("battery");
            boolean batteryOk = battery != null && battery.isNumber() && battery.asDouble() >= 0 && battery.asDouble() <= 100;
            return Optional.of(new DeviceStatus(online != null && online.isBoolean() ? Optional.of(online.asBoolean()) : Optional.empty(),
                    batteryOk ? OptionalInt.of((int) Math.round(battery.asDouble())) : OptionalInt.empty()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
