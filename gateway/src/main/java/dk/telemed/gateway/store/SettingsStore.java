package dk.telemed.gateway.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.gateway.model.Mappers;
import dk.telemed.gateway.registry.PatientSettings;
import dk.telemed.gateway.registry.SettingsJson;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Point;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The clinicians' dashboard changes, an extension measurement {@code patient_settings}: one
 * point per change, tag {@code patient}, fields {@code thresholds}, {@code plan}, {@code passive}
 * (each the whole field in the registry's shape as JSON, or empty text when the field is not
 * set and the registry file's value applies) and {@code changed_by}. Each point holds the
 * patient's whole overlay, so the last point per patient is the overlay in force.
 */
public final class SettingsStore {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
    static final String MEASUREMENT = "patient_settings";
    private static final ObjectMapper JSON = Mappers.json();

    private final InfluxClient client;
    private final WorkerExecutor workers;

    public SettingsStore(InfluxClient client, WorkerExecutor workers) {
        this.client = client;
        this.workers = workers;
    }

    public Future<Void> save(PatientSettings s) {
        Point point = Point.measurement(MEASUREMENT)
                .time(ReadingHistory.nanos(s.changedAt()), TimeUnit.NANOSECONDS)
                .tag("patient", s.patientId())
                .addField("thresholds", s.thresholds().map(t -> SettingsJson.thresholds(t).toString()).orElse(""))
                .addField("plan", s.plan().map(p -> SettingsJson.plan(p).toString()).orElse(""))
                .addField("passive", s.passive().map(p -> SettingsJson.passive(p).toString()).orElse(""))
                .addField("changed_by", s.changedBy())
                .build();
        return workers.executeBlocking(() -> {
            client.writePoints(List.of(point));
            return null;
        }, false);
    }

    /** The overlay in force for each patient; none before the database exists. */
    public Future<List<PatientSettings>> load() {
        return workers.executeBlocking(() -> {
            QueryResult result;
            try {
                result = client.query("SELECT * FROM " + MEASUREMENT + " GROUP BY patient ORDER BY time DESC LIMIT 1", Map.of());
            } catch (InfluxDBException e) {
                if (InfluxClient.isDatabaseNotFound(e)) {
                    return List.<PatientSettings>of();
                }
                throw e;
            }
            List<PatientSettings> all = new ArrayList<>();
            for (QueryResult.Series s : ReadingHistory.series(result)) {
                String patient = s.getTags() == null ? null : s.getTags().get("patient");
                if (patient == null || s.getValues().isEmpty()) {
                    continue;
                }
                List<String> columns = s.getColumns();
                List<Object> row = s.getValues().get(0);
                Function<String, String> field = name -> {
                    int i = columns.indexOf(name);
                    return i < 0 || row.get(i) == null ? "" : row.get(i).toString();
                };
                parse(patient, field, Instant.parse(field.apply("time"))).ifPresent(all::add);
            }
            return all;
        }, false);
    }

    private static Optional<PatientSettings> parse(String patient, Function<String, String> field, Instant at) {
        try {
            return Optional.of(new PatientSettings(patient,
                    field(field.apply("thresholds"), n -> SettingsJson.thresholds(n).value()),
                    field(field.apply("plan"), n -> SettingsJson.plan(n).value()),
                    field(field.apply("passive"), n -> SettingsJson.passive(n).value()),
                    field.apply("changed_by"), at));
        } catch (IOException | RuntimeException e) {
            // A damaged point must not stop the start; the registry file's values apply for this patient.
            LOG.error("stored dashboard settings of patient {} cannot be read, the registry file's values apply: {}",
                    patient, e.getMessage());
            return Optional.empty();
        }
    }

    private static <T> Optional<T> field(String text, Function<JsonNode, Optional<T>> parser) throws IOException {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<T> value = parser.apply(JSON.readTree(text));
        if (value.isEmpty()) {
            throw new IOException("a stored field no longer parses");
        }
        return value;
    }
}
