package dk.telemed.gateway.store;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.rules.AlertChange;
import dk.telemed.gateway.rules.AlertLifecycle;
import dk.telemed.gateway.rules.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class AlertStoreTest {
    @Test
    void aStateChangeIsOnePointWithTheInterfacesTagsAndFields() {
        Instant now = Instant.parse("2026-11-22T06:40:01.120Z");
        AlertLifecycle lifecycle = new AlertLifecycle(Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(1), ZoneId.of("Europe/Copenhagen"));
        AlertChange change = lifecycle.apply(new Verdict.Alarm(AlertKey.band("p-0001", MeasurementType.GLUCOSE, Direction.BELOW),
                "nord-akut", Severity.RED, "glucose.red.below", OptionalDouble.of(2.6), "mmol/L", OptionalDouble.of(3.0),
                Optional.empty(), Optional.of(Instant.parse("2026-11-22T06:40:00Z")), "Blood glucose 2.6 mmol/L is below 3 mmol/L"))
                .orElseThrow();
        String line = new AlertStore(null, null).point(change).lineProtocol();
        assertThat(line).startsWith("alerts,patient=p-0001,rule=glucose.red.below,severity=red,type=glucose ")
                .contains("alert_id=\"" + change.alert().alertId() + "\"")
                .contains("state=\"raised\"")
                .contains("value=2.6")
                .contains("message=\"Blood glucose 2.6 mmol/L is below 3 mmol/L (measured 2026-11-22 07:40 +01:00)\"")
                .contains("key=\"p-0001|glucose|below\"")
                .contains("seq=1i")
                .endsWith(" 1795329601120000000");
    }
}
