package dk.telemed.gateway.api;

import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.ThresholdsParser;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The detail view's effective thresholds and plan come from the rules' own resolvers, each marked with its source. */
class PatientViewsTest {
    static ClinicalDefaults shipped() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.exists(p.resolve("config/thresholds.yaml"))) {
            p = p.getParent();
        }
        return new ThresholdsParser().parse(Files.readString(p.resolve("config/thresholds.yaml")), "config/thresholds.yaml");
    }

    @Test
    void theDoctorsLimitWinsWhereSetAndTheConditionDefaultFillsTheRest() throws Exception {
        Patient p = new Patient("p-1", "nord-akut", Set.of(Condition.COPD), List.of("oxi-1"),
                Map.of(MeasurementType.SPO2, new Bands(new Band(OptionalDouble.of(85), OptionalDouble.empty()), Band.NONE)),
                Optional.empty(), Map.of(MeasurementType.SPO2, MeasurementPlan.every(Duration.ofHours(12))), List.of());
        PatientViews views = new PatientViews(shipped());

        JsonObject spo2 = views.thresholds(p).getJsonObject("spo2");
        assertThat(spo2.getJsonObject("red").getDouble("below")).isEqualTo(85.0);
        assertThat(spo2.getJsonObject("yellow").getDouble("below")).as("COPD default").isEqualTo(90.0);
        assertThat(spo2.getJsonObject("source").getMap()).containsEntry("red.below", "patient").containsEntry("yellow.below", "default");
        assertThat(spo2.getJsonObject("defaults").getJsonObject("red").getDouble("below")).isEqualTo(88.0);
        assertThat(views.thresholds(p).getJsonObject("pulse").getJsonObject("source").getMap()).containsValue("default")
                .doesNotContainValue("patient");

        JsonObject plan = views.plan(p);
        assertThat(plan.getJsonObject("spo2").getString("every")).isEqualTo("PT12H");
        assertThat(plan.getJsonObject("spo2").getString("source")).isEqualTo("patient");
    }
}
