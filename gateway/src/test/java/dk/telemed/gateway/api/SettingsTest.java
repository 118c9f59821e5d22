package dk.telemed.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientSettings;
import dk.telemed.gateway.registry.RegistryChanges;
import dk.telemed.gateway.registry.RegistryWatcher;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dashboard's settings: checked by the registry's parsers, laid over the file, cleared back to it. */
class SettingsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static final String FILE = """
            patients:
              - id: p-0001
                careTeam: nord-akut
                conditions: [copd]
                devices: [oxi-0001]
                thresholds:
                  spo2: { red: { below: 85 }, yellow: { below: 88 } }
                plan:
                  spo2: { every: P1D }
            """;

    @TempDir
    Path dir;
    Vertx vertx;
    RegistryWatcher registry;
    final List<RegistryChanges.Change> told = new ArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger snapshots = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void load() throws Exception {
        vertx = Vertx.vertx();
        Files.writeString(dir.resolve("patients.yaml"), FILE);
        registry = RegistryWatcher.load(vertx, dir.resolve("patients.yaml"));
        registry.listen((before, after, changes) -> told.addAll(changes));
        registry.onChange(snapshots::incrementAndGet);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static SettingsApi.Change parse(PatientSettings.Field field, String body) throws Exception {
        return SettingsApi.parse(field, Optional.of(JSON.readTree(body)));
    }

    @Test
    void everyProblemOfABodyIsListedWithItsPath() {
        assertThatThrownBy(() -> parse(PatientSettings.Field.THRESHOLDS,
                "{\"spo2\": {\"red\": {\"below\": \"x\"}, \"green\": {}}, \"sugar\": {}, \"glucose\": {\"red\": {\"below\": 5}, \"yellow\": {\"below\": 4}}}"))
                .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "thresholds.spo2.red.below: 'x' is not a number",
                        "thresholds.spo2.green: unknown key (known: red, yellow)",
                        "thresholds.sugar: unknown measurement type (known: " + MeasurementType.knownWireNames() + ")",
                        "thresholds.glucose.red.below: 5.0 is above yellow.below 4.0; the red limit must be the further one"));
        assertThatThrownBy(() -> parse(PatientSettings.Field.PLAN, "{\"glucose\": {\"every\": \"daily\"}}"))
                .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("plan.glucose.every: 'daily' is not a positive ISO-8601 duration"));
        assertThatThrownBy(() -> parse(PatientSettings.Field.PASSIVE, "[{\"from\": \"2026-12-10\", \"to\": \"2026-12-01\"}, {\"from\": \"x\"}]"))
                .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "passive[0].to: 2026-12-01 is before from 2026-12-10",
                        "passive[1].from: 'x' is not a date (YYYY-MM-DD)",
                        "passive[1].to: missing (a date, YYYY-MM-DD)"));
        assertThatThrownBy(() -> parse(PatientSettings.Field.PASSIVE, "{}"))
                .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.problems()).singleElement().asString().startsWith("passive: expected a list"));
    }

    @Test
    void aSetFieldReplacesTheFilesFieldAndTheOthersStay() throws Exception {
        PatientSettings s = parse(PatientSettings.Field.THRESHOLDS, "{\"glucose\": {\"red\": {\"below\": 4}}}")
                .applyTo(PatientSettings.none("p-0001", "clara", T0), "clara", T0);
        registry.apply(s, "user clara");

        Patient p = registry.get().patient("p-0001").orElseThrow();
        assertThat(p.thresholdOverrides()).containsOnlyKeys(MeasurementType.GLUCOSE);
        assertThat(p.planOverrides()).as("the plan from the file stays").containsOnlyKeys(MeasurementType.SPO2);
        assertThat(told).singleElement().satisfies(c -> {
            assertThat(c.patientId()).isEqualTo("p-0001");
            assertThat(c.thresholds()).containsExactlyInAnyOrder(MeasurementType.SPO2, MeasurementType.GLUCOSE);
        });
        assertThat(snapshots).hasValue(1);
    }

    @Test
    void clearingBringsBackTheFilesValues() throws Exception {
        PatientSettings set = parse(PatientSettings.Field.PLAN, "{\"spo2\": \"none\", \"weight\": {\"every\": \"P3D\"}}")
                .applyTo(PatientSettings.none("p-0001", "clara", T0), "clara", T0);
        registry.apply(set, "user clara");
        assertThat(registry.get().patient("p-0001").orElseThrow().planOverrides()).containsOnlyKeys(MeasurementType.SPO2, MeasurementType.WEIGHT);

        PatientSettings cleared = SettingsApi.parse(PatientSettings.Field.PLAN, Optional.empty())
                .applyTo(registry.settings("p-0001").orElseThrow(), "clara", T0.plusSeconds(60));
        assertThat(cleared.isEmpty()).isTrue();
        registry.apply(cleared, "user clara");
        assertThat(registry.settings("p-0001")).isEmpty();
        assertThat(registry.get().patient("p-0001").orElseThrow().planOverrides().get(MeasurementType.SPO2).every())
                .contains(Duration.ofDays(1));
    }

    @Test
    void aFileReloadKeepsTheDashboardsChange() throws Exception {
        registry.apply(parse(PatientSettings.Field.THRESHOLDS, "{\"spo2\": {\"red\": {\"below\": 80}}}")
                .applyTo(PatientSettings.none("p-0001", "clara", T0), "clara", T0), "user clara");
        Files.writeString(dir.resolve("patients.yaml"), FILE.replace("oxi-0001]", "oxi-0001, scale-0001]"));
        assertThat(registry.reloadIfChanged().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();

        Patient p = registry.get().patient("p-0001").orElseThrow();
        assertThat(p.devices()).contains("scale-0001");
        assertThat(p.thresholdOverrides().get(MeasurementType.SPO2).red().below()).hasValue(80);
        assertThat(registry.fromFile("p-0001").orElseThrow().thresholdOverrides().get(MeasurementType.SPO2).red().below()).hasValue(85);
    }
}
