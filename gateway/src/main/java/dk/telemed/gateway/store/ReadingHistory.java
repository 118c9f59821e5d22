package dk.telemed.gateway.store;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.model.Rfc3339;
import dk.telemed.gateway.rules.Series;
import dk.telemed.gateway.rules.SeriesCache;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.QueryResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The rules' reads of the {@code readings} measurement: a patient's recent series of one type
 * (for trends and persistence) and, at start, each series' last reading (for the
 * missing-reading clocks). Blocking InfluxDB calls run on the given worker pool.
 */
public final class ReadingHistory implements SeriesCache.Source {
    /** How far back the last reading of each series is looked for at start; older counts as none. */
    static final Duration LAST_READING_LOOKBACK = Duration.ofDays(90);

    private final InfluxClient client;
    private final WorkerExecutor workers;

    public ReadingHistory(InfluxClient client, WorkerExecutor workers) {
        this.client = client;
        this.workers = workers;
    }

    @Override
    public Future<Series> load(String patient, MeasurementType type, Instant from, Instant to, int limit) {
        return workers.executeBlocking(() -> {
            Series points = new Series();
            QueryResult result;
            try {
                result = client.query("SELECT value FROM " + InfluxClient.READINGS
                        + " WHERE patient = $patient AND type = $type AND time >= $from AND time <= $to"
                        + " ORDER BY time DESC LIMIT " + limit,
                        Map.of("patient", patient, "type", type.wireName(), "from", nanos(from), "to", nanos(to)));
            } catch (InfluxDBException e) {
                if (InfluxClient.isDatabaseNotFound(e)) {
                    return points;
                }
                throw e;
            }
            for (QueryResult.Series s : series(result)) {
                List<List<Object>> newestFirst = s.getValues();
                // Oldest first, so that each reading goes on the end of the series.
                for (int i = newestFirst.size() - 1; i >= 0; i--) {
                    List<Object> row = newestFirst.get(i);
                    if (row.get(1) instanceof Number n) {
                        points.put(Rfc3339.parse((String) row.get(0)), n.doubleValue());
                    }
                }
            }
            return points;
        }, false);
    }

    /** The newest reading of every patient's every type within the lookback; none before the database exists. */
    public Future<List<Reading>> lastReadings() {
        return workers.executeBlocking(() -> {
            QueryResult result;
            try {
                result = client.query("SELECT last(value) FROM " + InfluxClient.READINGS
                        + " WHERE time > now() - " + LAST_READING_LOOKBACK.toDays() + "d GROUP BY patient, type", Map.of());
            } catch (InfluxDBException e) {
                if (InfluxClient.isDatabaseNotFound(e)) {
                    return List.<Reading>of();
                }
                throw e;
            }
            List<Reading> last = new ArrayList<>();
            for (QueryResult.Series s : series(result)) {
                String patient = s.getTags().get("patient");
                var type = MeasurementType.fromWireName(s.getTags().get("type"));
                if (patient == null || type.isEmpty()) {
                    continue;
                }
                for (List<Object> row : s.getValues()) {
                    if (row.get(1) instanceof Number n) {
                        last.add(new Reading(patient, "", type.get(), Rfc3339.parse((String) row.get(0)), n.doubleValue()));
                    }
                }
            }
            return last;
        }, false);
    }

    static List<QueryResult.Series> series(QueryResult result) {
        List<QueryResult.Series> all = new ArrayList<>();
        for (QueryResult.Result r : result.getResults()) {
            if (r.getSeries() != null) {
                all.addAll(r.getSeries());
            }
        }
        return all;
    }

    static long nanos(Instant t) {
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }
}
