package dk.telemed.gateway.ingest;

import dk.telemed.gateway.mqtt.AckSequencer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceStatusHandlerTest {
    final DeviceStatusHandler handler = new DeviceStatusHandler(new AckSequencer(m -> { }), StatusListener.NONE, 1024);

    Optional<DeviceStatus> parse(String json) {
        return handler.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOnlineAndBattery() {
        assertThat(parse("{\"online\": true, \"battery\": 12, \"firmware\": \"1.2\"}"))
                .contains(new DeviceStatus(Optional.of(true), OptionalInt.of(12)));
        assertThat(parse("{\"online\": false}")).contains(new DeviceStatus(Optional.of(false), OptionalInt.empty()));
        assertThat(parse("{\"battery\": 140}")).contains(new DeviceStatus(Optional.empty(), OptionalInt.empty()));
    }

    @Test
    void somethingElseIsNoStatus() {
        assertThat(parse("not json")).isEmpty();
        assertThat(parse("[1]")).isEmpty();
        assertThat(parse("{\"pad\": \"" + "x".repeat(2000) + "\"}")).isEmpty();
    }

    @Test
    void topicsAndSharedSubscription() {
        assertThat(DeviceStatusHandler.isStatusTopic("telemed/v1/devices/oxi-1/status")).isTrue();
        assertThat(DeviceStatusHandler.isStatusTopic("telemed/v1/devices/oxi-1/readings")).isFalse();
        assertThat(DeviceStatusHandler.filter("")).isEqualTo("telemed/v1/devices/+/status");
        assertThat(DeviceStatusHandler.filter("g")).isEqualTo("$share/g/telemed/v1/devices/+/status");
    }
}
