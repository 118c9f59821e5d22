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
import java.util.ArrayList;
import java.util.HashMap;
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

    /** Answers what the test says; remembers what it was asked to write. */
    static final class ScriptedStore implements BandsRecorder.Store {
        final Map<String, Bands> latest = new HashMap<>();
        final List<List<BandsVersion>> writes = new ArrayList<>();
        RuntimeException failWith;

        @Override
        public Future<Map<String, Bands>> latest() {
            return Future.succeededFuture(latest);
        }

        @Override
        public Future<Void> write(List<BandsVersion> versions) {
            if (failWith != null) {
                throw failWith;
            }
            writes.add(versions);
            return Future.succeededFuture();
        }

        List<BandsVersion> written() {
            return writes.stream().flatMap(List::stream).toList();
        }
    }

    static PatientRegistry patients(int count) throws Exception {
        StringBuilder yaml = new StringBuilder("patients:\n");
        for (int i = 1; i <= count; i++) {
            yaml.append("  - { id: p-").append(i).append(", careTeam: nord, conditions: [copd], devices: [oxi-").append(i).append("] }\n");
        }
        return new RegistryParser().parse(yaml.toString(), "test");
    }

    @Test
    void aLargeChangeIsWrittenInBatchesOneAfterTheOther() throws Exception {
        PatientRegistry many = patients(5);
        ScriptedStore store = new ScriptedStore();
        int expected = new BandsRecorder(null, () -> null, Fixtures.shipped(), NOWHERE, Clock.systemUTC()).changes(many).size();
        BandsRecorder batched = new BandsRecorder(null, () -> many, Fixtures.shipped(), store, Clock.fixed(Fixtures.T0, ZoneOffset.UTC), 4);

        batched.check();

        assertThat(store.writes).allSatisfy(w -> assertThat(w).hasSizeLessThanOrEqualTo(4));
        assertThat(store.written()).hasSize(expected).doesNotHaveDuplicates();
    }

    @Test
    void aWriteThatThrowsIsTriedAgainAtTheNextCheck() throws Exception {
        PatientRegistry one = patients(1);
        ScriptedStore store = new ScriptedStore();
        store.failWith = new IllegalStateException("store down");
        BandsRecorder recorder = new BandsRecorder(null, () -> one, Fixtures.shipped(), store, Clock.fixed(Fixtures.T0, ZoneOffset.UTC));

        recorder.check();
        assertThat(store.writes).isEmpty();
        store.failWith = null;
        recorder.check();

        assertThat(store.written()).isNotEmpty().allMatch(v -> v.patient().equals("p-1"));
    }

    @Test
    void whatTheStoreAlreadyHoldsIsNotRecordedAgain() throws Exception {
        PatientRegistry one = patients(1);
        ScriptedStore first = new ScriptedStore();
        new BandsRecorder(null, () -> one, Fixtures.shipped(), first, Clock.fixed(Fixtures.T0, ZoneOffset.UTC)).check();
        ScriptedStore restarted = new ScriptedStore();
        first.written().forEach(v -> restarted.latest.put(v.key(), v.bands()));

        new BandsRecorder(null, () -> one, Fixtures.shipped(), restarted, Clock.fixed(Fixtures.T0, ZoneOffset.UTC)).check();

        assertThat(first.written()).isNotEmpty();
        assertThat(restarted.writes).isEmpty();
    }
}
