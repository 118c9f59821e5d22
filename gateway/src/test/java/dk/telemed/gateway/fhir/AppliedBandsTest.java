package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.BandsVersion;
import dk.telemed.gateway.model.MeasurementType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedBandsTest {
    static final Instant CHANGED = Instant.parse("2026-11-20T12:00:00Z");
    static final Bands OLD = below(90);
    static final Bands NEW = below(85);

    static Bands below(double v) {
        return new Bands(Band.NONE, new Band(OptionalDouble.of(v), OptionalDouble.empty()));
    }

    final AppliedBands bands = new AppliedBands(List.of(
            new BandsVersion("p", MeasurementType.SPO2, CHANGED, NEW),
            new BandsVersion("p", MeasurementType.SPO2, CHANGED.minusSeconds(86_400), OLD)));

    @Test
    void aReadingGetsTheVersionInForceWhenItWasMeasured() {
        assertThat(bands.at(MeasurementType.SPO2, CHANGED.minusMillis(1))).contains(OLD);
        assertThat(bands.at(MeasurementType.SPO2, CHANGED)).contains(NEW);
        assertThat(bands.at(MeasurementType.SPO2, CHANGED.plusSeconds(3600))).contains(NEW);
    }

    @Test
    void aReadingOlderThanTheHistoryGetsTheFirstVersionAndAnUnrecordedTypeNone() {
        assertThat(bands.at(MeasurementType.SPO2, Instant.EPOCH)).contains(OLD);
        assertThat(bands.at(MeasurementType.PULSE, CHANGED)).isEmpty();
    }
}
