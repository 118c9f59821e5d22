package dk.telemed.gateway.cluster;

import dk.telemed.gateway.ingest.DeviceStatus;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandoverJsonTest {
    final HandoverJson json = new HandoverJson();

    @Test
    void readingsAndLimitsArriveExactlyAsStored() throws IOException {
        Handover.Readings sent = new Handover.Readings(List.of(
                new Reading("p-1", "oxi-1", MeasurementType.SPO2, Instant.parse("2026-11-22T07:30:00.123456789Z"), 91.5),
                new Reading("p-1", "oxi-1", MeasurementType.PULSE, Instant.parse("2026-11-22T07:30:00Z"), 72)),
                List.of(new DeviceLimit("p-2", "gluco-2", MeasurementType.GLUCOSE, Instant.parse("2026-11-22T06:00:00Z"),
                        DeviceLimit.Side.LO)));
        assertThat(json.read(json.write(sent))).isEqualTo(sent);
    }

    @Test
    void aStatusKeepsWhatTheDeviceSaidAndWhatItDidNot() throws IOException {
        Handover.Status battery = new Handover.Status("oxi-1", new DeviceStatus(Optional.empty(), OptionalInt.of(12)));
        Handover.Status online = new Handover.Status("oxi-1", new DeviceStatus(Optional.of(false), OptionalInt.empty()));
        assertThat(json.read(json.write(battery))).isEqualTo(battery);
        assertThat(json.read(json.write(online))).isEqualTo(online);
    }

    @Test
    void anAcknowledgementAndItsReplyRoundTrip() throws IOException {
        Handover.Acknowledge ack = new Handover.Acknowledge("c-1", "telemed/v1/cluster/g/member-0", "a-1", "nina", Optional.of("Rang her"));
        Handover.Acknowledge noNote = new Handover.Acknowledge("c-2", "telemed/v1/cluster/g/member-0", "a-1", "nina", Optional.empty());
        Handover.Reply done = new Handover.Reply("c-1", Handover.Outcome.ACKNOWLEDGED, 4, Optional.of(Instant.parse("2026-11-22T08:00:00Z")), "");
        Handover.Reply gone = new Handover.Reply("c-2", Handover.Outcome.NOT_OPEN, 0, Optional.empty(), "alert a-1 is not open");
        for (Handover h : List.of(ack, noNote, done, gone)) {
            assertThat(json.read(json.write(h))).isEqualTo(h);
        }
    }

    @Test
    void whatIsNotAHandoverIsRefusedWithTheReason() {
        assertThatThrownBy(() -> json.read("[]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> json.read("{\"kind\":\"gossip\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("gossip");
        assertThatThrownBy(() -> json.read("{\"kind\":\"readings\",\"readings\":[[\"p\",\"d\",\"volume\",\"2026-01-01T00:00:00Z\",1]]}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class).hasMessageContaining("volume");
        assertThatThrownBy(() -> json.read("not json".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }
}
