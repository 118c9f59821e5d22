package dk.telemed.gateway.store;

import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.BandsVersion;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.rules.BandsRecorder;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Point;
import org.influxdb.dto.QueryResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The {@code thresholds} measurement (an extension of interface section 2): one point per
 * version of a patient's effective bands for a type, tags {@code patient}, {@code type},
 * fields {@code red_below}, {@code red_above}, {@code yellow_below}, {@code yellow_above}
 * (each only when that limit is set) and {@code limits} (how many are set, so a version
 * without any limit is still a point), at the time the version took effect.
 */
public final class ThresholdHistory implements BandsRecorder.Store {
    static final String THRESHOLDS = "thresholds";
    private static final String[] LIMITS = {"red_below", "red_above", "yellow_below", "yellow_above"};

    private final InfluxClient client;
    private final WorkerExecutor workers;

    public ThresholdHistory(InfluxClient client, WorkerExecutor workers) {
        this.client = client;
        this.workers = workers;
    }

    @Override
    public Future<Map<String, Bands>> latest() {
        return workers.executeBlocking(() -> {
            Map<String, Bands> latest = new HashMap<>();
            for (BandsVersion v : read("SELECT * FROM " + THRESHOLDS + " GROUP BY patient, type ORDER BY time DESC LIMIT 1", Map.of())) {
                latest.put(v.key(), v.bands());
            }
            return latest;
        }, false);
    }

    @Override
    public Future<Void> write(List<BandsVersion> versions) {
        List<Point> points = versions.stream().map(ThresholdHistory::point).toList();
        return workers.executeBlocking(() -> {
            client.writePoints(points);
            return null;
        }, false);
    }

    /** Every version of one patient's bands, oldest first. Blocking: call on a worker thread. */
    public List<BandsVersion> versionsOf(String patient) {
        return read("SELECT * FROM " + THRESHOLDS + " WHERE patient = $patient GROUP BY patient, type ORDER BY time ASC",
                Map.of("patient", patient));
    }

    private List<BandsVersion> read(String influxql, Map<String, Object> parameters) {
        QueryResult result;
        try {
            result = client.query(influxql, parameters);
        } catch (InfluxDBException e) {
            if (InfluxClient.isDatabaseNotFound(e)) {
                return List.of();
            }
            throw e;
        }
        List<BandsVersion> versions = new ArrayList<>();
        for (QueryResult.Series s : ReadingHistory.series(result)) {
            String patient = s.getTags() == null ? null : s.getTags().get("patient");
            Optional<MeasurementType> type = MeasurementType.fromWireName(s.getTags() == null ? null : s.getTags().get("type"));
            if (patient == null || type.isEmpty()) {
                continue;
            }
            List<String> columns = s.getColumns();
            for (List<Object> row : s.getValues()) {
                Map<String, OptionalDouble> limits = new HashMap<>();
                for (String name : LIMITS) {
                    int i = columns.indexOf(name);
                    limits.put(name, i >= 0 && row.get(i) instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty());
                }
                Bands bands = new Bands(new Band(limits.get("red_below"), limits.get("red_above")),
                        new Band(limits.get("yellow_below"), limits.get("yellow_above")));
                versions.add(new BandsVersion(patient, type.get(), Instant.parse((String) row.get(0)), bands));
            }
        }
        return versions;
    }

    static Point point(BandsVersion v) {
        Point.Builder p = Point.measurement(THRESHOLDS)
                .time(ReadingHistory.nanos(v.from()), TimeUnit.NANOSECONDS)
                .tag("patient", v.patient())
                .tag("type", v.type().wireName());
        long[] count = {0};
        field(p, "red_below", v.bands().red().below(), count);
        field(p, "red_above", v.bands().red().above(), count);
        field(p, "yellow_below", v.bands().yellow().below(), count);
        field(p, "yellow_above", v.bands().yellow().above(), count);
        return p.addField("limits", count[0]).build();
    }

    private static void field(Point.Builder p, String name, OptionalDouble value, long[] count) {
        if (value.isPresent()) {
            p.addField(name, value.getAsDouble());
            count[0]++;
        }
    }
}
