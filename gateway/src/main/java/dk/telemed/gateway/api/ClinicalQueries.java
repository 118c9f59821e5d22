package dk.telemed.gateway.api;

import dk.telemed.gateway.config.ApiConfig;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.store.InfluxClient;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.QueryResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The API's reads of InfluxDB, each one query for all patients (the callers keep only the
 * user's), on worker threads. The latest values and the sparklines are reused for a few
 * seconds, so a ward of dashboards polling does not become a query per patient per type.
 * A database that does not exist yet reads as empty.
 */
public final class ClinicalQueries {
    /** One reading (or one interval's mean). */
    record Value(Instant ts, double value) {
    }

    private final InfluxClient client;
    private final WorkerExecutor workers;
    private final ApiConfig config;
    private final Clock clock;
    private final Cached<Map<String, Map<MeasurementType, Value>>> latest;
    private final Map<Integer, Cached<Map<String, Map<MeasurementType, List<Value>>>>> sparklines = new HashMap<>();

    public ClinicalQueries(InfluxClient client, WorkerExecutor workers, ApiConfig config, Clock clock) {
        this.client = client;
        this.workers = workers;
        this.config = config;
        this.clock = clock;
        this.latest = new Cached<>(clock, Duration.ofSeconds(config.latestCacheSeconds()), this::loadLatest);
    }

    /** Each patient's newest reading of each type: {@code SELECT last(value) ... GROUP BY patient, type}. */
    Future<Map<String, Map<MeasurementType, Value>>> latest() {
        return latest.get();
    }

    /** Six-hour means over the last {@code days}: {@code SELECT mean(value) ... GROUP BY time(6h), patient, type}. */
    Future<Map<String, Map<MeasurementType, List<Value>>>> sparklines(int days) {
        return sparklines.computeIfAbsent(days, d -> new Cached<>(clock, Duration.ofSeconds(config.sparklineCacheSeconds()),
                () -> loadSparklines(d))).get();
    }

    private Future<Map<String, Map<MeasurementType, Value>>> loadLatest() {
        return query("SELECT last(value) FROM readings WHERE time > now() - " + config.latestLookbackDays() + "d GROUP BY patient, type",
                Map.of()).map(result -> {
            Map<String, Map<MeasurementType, Value>> byPatient = new HashMap<>();
            forEachSeries(result, (tags, rows) -> MeasurementType.fromWireName(tags.get("type")).ifPresent(type ->
                    rows.stream().findFirst().flatMap(ClinicalQueries::value).ifPresent(v ->
                            byPatient.computeIfAbsent(tags.get("patient"), k -> new HashMap<>()).put(type, v))));
            return byPatient;
        });
    }

    private Future<Map<String, Map<MeasurementType, List<Value>>>> loadSparklines(int days) {
        return query("SELECT mean(value) FROM readings WHERE time > now() - " + days + "d GROUP BY time(6h), patient, type fill(none)",
                Map.of()).map(result -> {
            Map<String, Map<MeasurementType, List<Value>>> byPatient = new HashMap<>();
            forEachSeries(result, (tags, rows) -> MeasurementType.fromWireName(tags.get("type")).ifPresent(type -> {
                List<Value> values = new ArrayList<>();
                rows.forEach(row -> value(row).ifPresent(values::add));
                byPatient.computeIfAbsent(tags.get("patient"), k -> new HashMap<>()).put(type, values);
            }));
            return byPatient;
        });
    }

    /** How many readings of one series lie in {@code [from, to]}. */
    Future<Long> count(String patient, MeasurementType type, Instant from, Instant to) {
        return query("SELECT count(value) FROM readings WHERE patient = $patient AND type = $type AND time >= $from AND time <= $to",
                params(patient, type, from, to)).map(result -> {
            long[] count = {0};
            forEachSeries(result, (tags, rows) -> rows.forEach(r -> {
                if (r.size() > 1 && r.get(1) instanceof Number n) {
                    count[0] += n.longValue();
                }
            }));
            return count[0];
        });
    }

    /** The readings in {@code [from, to]}, oldest first, raw or as means per {@code interval}. */
    Future<List<Value>> readings(String patient, MeasurementType type, Instant from, Instant to, Optional<Duration> interval) {
        String select = interval.map(i -> "SELECT mean(value) FROM readings").orElse("SELECT value FROM readings");
        String group = interval.map(i -> " GROUP BY time(" + Downsampling.influxql(i) + ") fill(none)").orElse("");
        return query(select + " WHERE patient = $patient AND type = $type AND time >= $from AND time <= $to" + group,
                params(patient, type, from, to)).map(result -> {
            List<Value> values = new ArrayList<>();
            forEachSeries(result, (tags, rows) -> rows.forEach(row -> value(row).ifPresent(values::add)));
            return values;
        });
    }

    /** The points of the {@code alerts} measurement of the last {@code days}, for one patient or (empty) all. */
    Future<List<AlertHistory.Point>> alertPoints(Optional<String> patient, int days) {
        String where = " WHERE time > now() - " + days + "d" + patient.map(p -> " AND patient = $patient").orElse("");
        Map<String, Object> params = patient.<Map<String, Object>>map(p -> Map.of("patient", p)).orElse(Map.of());
        return query("SELECT alert_id, state, care_team, event FROM alerts" + where + " GROUP BY patient", params)
                .map(ClinicalQueries::points);
    }

    private static List<AlertHistory.Point> points(QueryResult result) {
        List<AlertHistory.Point> points = new ArrayList<>();
        forEachSeries(result, (tags, rows) -> rows.forEach(row -> {
            if (row.size() >= 5 && row.get(1) instanceof String id && row.get(2) instanceof String state
                    && row.get(4) instanceof String event) {
                String team = row.get(3) instanceof String t ? t : "";
                // The states are written by AlertStore from AlertState; another word is no change of an alert.
                AlertState.fromWireName(state).ifPresent(known -> points.add(
                        new AlertHistory.Point(Instant.parse((String) row.get(0)), id, known, team, tags.get("patient"), event)));
            }
        }));
        return points;
    }

    /** Highest, lowest and number of readings of one series in {@code [from, to]}. */
    record Range(OptionalDouble max, OptionalDouble min, long count) {
    }

    Future<Range> range(String patient, MeasurementType type, Instant from, Instant to) {
        return query("SELECT max(value), min(value), count(value) FROM readings WHERE patient = $patient AND type = $type"
                + " AND time >= $from AND time <= $to", params(patient, type, from, to)).map(result -> {
            Range[] range = {new Range(OptionalDouble.empty(), OptionalDouble.empty(), 0)};
            forEachSeries(result, (tags, rows) -> rows.stream().findFirst().ifPresent(row -> range[0] = new Range(
                    number(row, 1), number(row, 2), number(row, 3).isPresent() ? (long) number(row, 3).getAsDouble() : 0)));
            return range[0];
        });
    }

    /** A percentile (nearest rank, as the rules take it) and the number of readings of one series in {@code [from, to)}. */
    Future<Range> level(String patient, MeasurementType type, double percentile, Instant from, Instant to) {
        return query("SELECT percentile(value, " + percentile + "), count(value) FROM readings WHERE patient = $patient"
                + " AND type = $type AND time >= $from AND time < $to", params(patient, type, from, to)).map(result -> {
            Range[] range = {new Range(OptionalDouble.empty(), OptionalDouble.empty(), 0)};
            forEachSeries(result, (tags, rows) -> rows.stream().findFirst().ifPresent(row -> range[0] = new Range(
                    number(row, 1), number(row, 1), number(row, 2).isPresent() ? (long) number(row, 2).getAsDouble() : 0)));
            return range[0];
        });
    }

    private static OptionalDouble number(List<Object> row, int i) {
        return row.size() > i && row.get(i) instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    /** The points of one alert (by its id) in the last {@code days}. */
    Future<List<AlertHistory.Point>> alertPoints(String alertId, int days) {
        return query("SELECT alert_id, state, care_team, event FROM alerts WHERE alert_id = $id AND time > now() - " + days
                + "d GROUP BY patient", Map.of("id", alertId)).map(ClinicalQueries::points);
    }

    /** How many readings each patient made of each type since {@code from}. */
    Future<Map<String, Map<MeasurementType, Long>>> counts(Instant from) {
        return query("SELECT count(value) FROM readings WHERE time >= $from GROUP BY patient, type",
                Map.of("from", nanos(from))).map(result -> {
            Map<String, Map<MeasurementType, Long>> counts = new HashMap<>();
            forEachSeries(result, (tags, rows) -> MeasurementType.fromWireName(tags.get("type")).ifPresent(type ->
                    rows.forEach(row -> {
                        if (row.size() > 1 && row.get(1) instanceof Number n) {
                            counts.computeIfAbsent(tags.get("patient"), k -> new HashMap<>()).merge(type, n.longValue(), Long::sum);
                        }
                    })));
            return counts;
        });
    }

    private Future<QueryResult> query(String influxql, Map<String, Object> params) {
        return workers.executeBlocking(() -> {
            try {
                return client.query(influxql, params);
            } catch (InfluxDBException e) {
                if (InfluxClient.isDatabaseNotFound(e)) {
                    return new QueryResult();
                }
                throw e;
            }
        }, false);
    }

    private static Map<String, Object> params(String patient, MeasurementType type, Instant from, Instant to) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("patient", patient);
        params.put("type", type.wireName());
        params.put("from", nanos(from));
        params.put("to", nanos(to));
        return params;
    }

    private interface SeriesVisitor {
        void visit(Map<String, String> tags, List<List<Object>> rows);
    }

    private static void forEachSeries(QueryResult result, SeriesVisitor visitor) {
        if (result.getResults() == null) {
            return;
        }
        for (QueryResult.Result r : result.getResults()) {
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series s : r.getSeries()) {
                visitor.visit(s.getTags() == null ? Map.of() : s.getTags(), s.getValues() == null ? List.of() : s.getValues());
            }
        }
    }

    private static Optional<Value> value(List<Object> row) {
        return row.size() > 1 && row.get(0) instanceof String ts && row.get(1) instanceof Number n
                ? Optional.of(new Value(Instant.parse(ts), n.doubleValue())) : Optional.empty();
    }

    private static long nanos(Instant t) {
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }
}
