package dk.telemed.gateway.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IngestPipelineTopicTest {
    @Test
    void theDeviceIdIsTheTopicLevelBetweenDevicesAndReadings() {
        assertThat(IngestPipeline.deviceId("telemed/v1/devices/oxi-0001/readings")).isEqualTo("oxi-0001");
        assertThat(IngestPipeline.deviceId("telemed/v1/devices//readings")).isNull();
        assertThat(IngestPipeline.deviceId("telemed/v1/devices/oxi-0001/status")).isNull();
    }
}
