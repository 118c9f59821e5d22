package dk.telemed.gateway.mqtt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's announced Maximum Packet Size and the shipped broker's limit are kept in step. */
class MqttLimitsTest {
    @Test
    void everyPacketTheShippedBrokerAcceptsFitsTheGatewaysLimitWithRoomForTheTopic() throws IOException {
        String conf = Files.readString(Path.of("..", "config", "mosquitto.conf"));
        Matcher m = Pattern.compile("(?m)^max_packet_size\\s+(\\d+)\\s*$").matcher(conf);
        assertThat(m.find()).as("config/mosquitto.conf sets max_packet_size").isTrue();
        long broker = Long.parseLong(m.group(1));
        assertThat(broker).as("well above the largest valid message, 64 KiB").isGreaterThanOrEqualTo(16 * 65_536L);
        assertThat(MqttLimits.MAX_PACKET_BYTES - broker).as("room for a full topic and the broker's properties")
                .isGreaterThanOrEqualTo(65_536L);
    }
}
