package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.BandsVersion;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.PatientRegistry;
import dk.telemed.gateway.registry.RegistryParser;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which versions of a patient's bands are recorded: the ones that differ from the last known, judged by the rules' own resolver. */
class BandsRecorderTest {
    static final BandsRecorder.Store NOWHERE = new BandsRecorder.Store() {
        @Override
        public Future<Map<String, Bands>> latest() {
            return Future.succeededFuture(Map.of());
        }

        @Override
        public Future<Void> write(List<BandsVersion> versions) {
            return Future.succeededFuture();
        }
    };

    final BandsRecorder recorder = new BandsRecorder(null, () -> null, Fixtures.shipped(), NOWHERE, Clock.fixed(Fixtures.T0, ZoneOffset.UTC));

    static PatientRegistry registry(String spo2Override) throws Exception {
        return new RegistryParser().parse("""
                patients:
                  - { id: p-1, careTeam: nord, conditions: [copd], devices: [oxi-1]%s }
                """.formatted(spo2Override), "test");
    }

    @Test
    void theFirstLookRecordsEveryTypeWithLimitsAsTheRulesResolveThem() throws Exception {
        List<BandsVersion> first = recorder.changes(registry(""));
        BandsVersion spo2 = first.stream().filter(v -> v.type() == MeasurementType.SPO2).findFirst().orElseThrow();
        assertThat(spo2.bands()).isEqualTo(new BandResolver(Fixtures.shipped()).bands(Fixtures.patient("p-1", "copd"), MeasurementType.SPO2));
        assertThat(spo2.from()).isEqualTo(Fixtures.T0);
        assertThat(first).allMatch(v -> !v.bands().equals(BandResolver.NO_BANDS));
    }

    @Test
    void onlyAChangedTypeIsRecordedAgain() throws Exception {
        recorder.changes(registry(""));
        assertThat(recorder.changes(registry(""))).isEmpty();
        List<BandsVersion> changed = recorder.changes(registry(", thresholds: { spo2: { red: { below: 80 } } }"));
        assertThat(changed).singleElement().satisfies(v -> {
            assertThat(v.type()).isEqualTo(MeasurementType.SPO2);
            assertThat(v.bands().red().below()).hasValue(80);
        });
    }
}
