package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A verdict's message is written when first read, once, and compares like a written one. */
class VerdictTest {
    static final AlertKey KEY = AlertKey.band("p-1", MeasurementType.SPO2, Direction.BELOW);

    @Test
    void aClearVerdictWritesItsMessageOnlyWhenRead() {
        AtomicInteger written = new AtomicInteger();
        Supplier<String> text = () -> {
            written.incrementAndGet();
            return "SpO2 96 % is back in range";
        };
        Verdict.Clear lazy = new Verdict.Clear(KEY, OptionalDouble.of(96), Optional.of(Fixtures.T0), text);
        assertThat(written).hasValue(0);
        assertThat(lazy.message()).isEqualTo("SpO2 96 % is back in range");
        assertThat(lazy.message()).isEqualTo("SpO2 96 % is back in range");
        assertThat(written).hasValue(1);
        assertThat(lazy).isEqualTo(new Verdict.Clear(KEY, OptionalDouble.of(96), Optional.of(Fixtures.T0), "SpO2 96 % is back in range"))
                .hasSameHashCodeAs(new Verdict.Clear(KEY, OptionalDouble.of(96), Optional.of(Fixtures.T0), "SpO2 96 % is back in range"));
    }

    @Test
    void anAlarmWritesItsMessageOnlyWhenRead() {
        AtomicInteger written = new AtomicInteger();
        Verdict.Alarm lazy = new Verdict.Alarm(KEY, "nord-akut", Severity.RED, "spo2.red.below", OptionalDouble.of(85), "%",
                OptionalDouble.of(90), Optional.empty(), Optional.of(Fixtures.T0), () -> {
                    written.incrementAndGet();
                    return "SpO2 85 % is below 90 %";
                });
        assertThat(written).hasValue(0);
        assertThat(lazy.severity()).isEqualTo(Severity.RED);
        assertThat(lazy.toString()).contains("SpO2 85 % is below 90 %");
        assertThat(lazy.message()).isEqualTo("SpO2 85 % is below 90 %");
        assertThat(written).hasValue(1);
    }

    @Test
    void aNormalReadingWritesNoSentenceWhenNoAlertIsOpen() {
        AtomicInteger written = new AtomicInteger();
        Verdict.Clear clear = new Verdict.Clear(KEY, OptionalDouble.of(96), Optional.of(Fixtures.T0), () -> {
            written.incrementAndGet();
            return "back in range";
        });
        AlertLifecycle lifecycle = new AlertLifecycle(java.time.Clock.fixed(Fixtures.T0, Fixtures.CPH), java.time.Duration.ofHours(1), Fixtures.CPH);
        assertThat(lifecycle.apply(clear)).isEmpty();
        assertThat(written).hasValue(0);
    }
}
