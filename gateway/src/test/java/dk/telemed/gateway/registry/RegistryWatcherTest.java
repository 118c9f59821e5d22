package dk.telemed.gateway.registry;

import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A reload happens when the file's content changed, and only then; the dashboard's overlay comes and goes over the file. */
class RegistryWatcherTest {
    static final String ONE = "patients:\n  - { id: p-1, careTeam: nord, conditions: [copd], devices: [oxi-1] }\n";
    static final String TWO = ONE + "  - { id: p-2, careTeam: nord, conditions: [copd], devices: [oxi-2] }\n";

    @TempDir
    Path dir;
    Vertx vertx;
    Path file;
    RegistryWatcher registry;
    final List<RegistryChanges.Change> told = new ArrayList<>();

    @BeforeEach
    void load() throws Exception {
        vertx = Vertx.vertx();
        file = dir.resolve("patients.yaml");
        Files.writeString(file, ONE);
        registry = RegistryWatcher.load(vertx, file);
        registry.listen((before, after, changes) -> told.addAll(changes));
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    boolean reload() throws Exception {
        return registry.reloadIfChanged().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theSameContentIsNoReloadAndNewContentIs() throws Exception {
        assertThat(reload()).isFalse();
        Files.writeString(file, TWO);
        assertThat(reload()).isTrue();
        assertThat(registry.get().patients()).extracting(Patient::id).containsExactlyInAnyOrder("p-1", "p-2");
        assertThat(registry.get().ownerOf("oxi-2")).map(Patient::id).contains("p-2");
        Files.writeString(file, TWO);
        assertThat(reload()).isFalse();
        Files.writeString(file, ONE);
        assertThat(reload()).isTrue();
        assertThat(registry.get().ownerOf("oxi-2")).isEmpty();
        assertThat(told).extracting(RegistryChanges.Change::patientId).containsExactly("p-2", "p-2");
    }

    @Test
    void anOverlayClearedAgainLeavesTheFilesEntryInForce() throws Exception {
        PatientSettings plan = PatientSettings.none("p-1", "clara", Instant.EPOCH)
                .withPlan(Optional.of(Map.of(MeasurementType.SPO2, MeasurementPlan.every(Duration.ofHours(6)))), "clara", Instant.EPOCH);
        registry.apply(plan, "user clara");
        assertThat(registry.get().patient("p-1").orElseThrow().planOverrides()).containsKey(MeasurementType.SPO2);
        assertThat(registry.get().ownerOf("oxi-1").orElseThrow().planOverrides()).containsKey(MeasurementType.SPO2);

        registry.apply(PatientSettings.none("p-1", "clara", Instant.EPOCH), "user clara");

        assertThat(registry.get().patient("p-1")).isEqualTo(registry.fromFile("p-1"));
        assertThat(registry.get().ownerOf("oxi-1").orElseThrow().planOverrides()).isEmpty();
        Files.writeString(file, TWO);
        assertThat(reload()).isTrue();
        assertThat(registry.get().patients()).extracting(Patient::id).containsExactlyInAnyOrder("p-1", "p-2");
    }
}
