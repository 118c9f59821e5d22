package dk.telemed.gateway.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class AlertEventJsonTest {
    final AlertEventJson codec = new AlertEventJson();

    static AlertEvent hypo() {
        return new AlertEvent("e-1", "a-1", AlertEventType.RAISED, "p-0001", "nord-akut", "glucose", Severity.RED,
                OptionalDouble.of(2.6), "mmol/L", "glucose.red.below", OptionalDouble.of(3.0),
                Optional.of(Instant.parse("2026-11-22T06:40:00Z")), Instant.parse("2026-11-22T06:40:01.120Z"),
                "Blood glucose 2.6 mmol/L is below 3.0 mmol/L",
                Optional.of(new Bands(new Band(OptionalDouble.of(3.0), OptionalDouble.of(16.7)),
                        new Band(OptionalDouble.of(3.9), OptionalDouble.of(13.9)))),
                false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void writesEveryFieldOfTheInterfaceBody() throws Exception {
        JsonNode body = new ObjectMapper().readTree(codec.write(hypo()));
        assertThat(body.path("eventId").asText()).isEqualTo("e-1");
        assertThat(body.path("alertId").asText()).isEqualTo("a-1");
        assertThat(body.path("event").asText()).isEqualTo("raised");
        assertThat(body.path("patient").asText()).isEqualTo("p-0001");
        assertThat(body.path("careTeam").asText()).isEqualTo("nord-akut");
        assertThat(body.path("type").asText()).isEqualTo("glucose");
        assertThat(body.path("severity").asText()).isEqualTo("red");
        assertThat(body.path("value").asDouble()).isEqualTo(2.6);
        assertThat(body.path("unit").asText()).isEqualTo("mmol/L");
        assertThat(body.path("rule").asText()).isEqualTo("glucose.red.below");
        assertThat(body.path("threshold").asDouble()).isEqualTo(3.0);
        assertThat(body.path("readingTs").asText()).isEqualTo("2026-11-22T06:40:00Z");
        assertThat(body.path("at").asText()).isEqualTo("2026-11-22T06:40:01.120Z");
        assertThat(body.path("message").asText()).isEqualTo("Blood glucose 2.6 mmol/L is below 3.0 mmol/L");
        assertThat(body.path("thresholds").path("red").path("below").asDouble()).isEqualTo(3.0);
        assertThat(body.path("thresholds").path("yellow").path("above").asDouble()).isEqualTo(13.9);
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        AlertEvent acknowledged = new AlertEvent("e-2", "a-1", AlertEventType.ACKNOWLEDGED, "p-0001", "nord-akut", "glucose",
                Severity.RED, OptionalDouble.empty(), "mmol/L", "glucose.red.below", OptionalDouble.empty(), Optional.empty(),
                Instant.parse("2026-11-22T06:45:00Z"), "acknowledged", Optional.empty(), true, Optional.of("nurse.anna"),
                Optional.of(Instant.parse("2026-11-22T06:45:00Z")), Optional.of("called the patient"));
        assertThat(codec.read(codec.write(hypo()))).isEqualTo(hypo());
        assertThat(codec.read(codec.write(acknowledged))).isEqualTo(acknowledged);
    }
}
