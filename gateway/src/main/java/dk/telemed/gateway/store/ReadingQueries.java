package dk.telemed.gateway.store;

import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.MeasurementType;
import org.influxdb.dto.QueryResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Reads of stored readings and alerts for the systems around the care team (the FHIR
 * interface): always one patient, a time range and a limit pushed down to InfluxDB. Every
 * method blocks on HTTP: call on a worker thread.
 */
public final class ReadingQueries {
    /** One stored reading. */
    public record Row(String patient, String device, MeasurementType type, Instant ts, double value) {
    }

    /** One alert's life from the alerts measurement: first and (when resolved) last change. */
    public record AlertRecord(String alertId, String type, String severity, String rule, Instant raised,
                              Optional<Instant> resolved, String message) {
    }

    /** A time condition: {@code op} is one of {@code >, >=, <, <=, =}. */
    public record TimeBound(String op, Instant at) {
    }

    private final InfluxClient client;

    public ReadingQueries(InfluxClient client) {
        this.client = client;
    }

    /** A patient's readings of {@code types} within the bounds, ordered by time, at most {@code limit}. */
    public List<Row> readings(String patient, Collection<MeasurementType> types, List<TimeBound> bounds, boolean ascending, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(patient, types, bounds, params);
        return rows(client.queryIfExists("SELECT value, device, type FROM " + InfluxClient.READINGS + " WHERE " + where
                + " ORDER BY time " + (ascending ? "ASC" : "DESC") + " LIMIT " + limit, params), patient);
    }

    /** How many readings of each type a patient has within the bounds. */
    public Map<MeasurementType, Long> counts(String patient, Collection<MeasurementType> types, List<TimeBound> bounds) {
        Map<String, Object> params = new LinkedHashMap<>();
        QueryResult result = client.queryIfExists("SELECT count(value) FROM " + InfluxClient.READINGS + " WHERE "
                + where(patient, types, bounds, params) + " GROUP BY type", params);
        Map<MeasurementType, Long> counts = new LinkedHashMap<>();
        if (result == null) {
            return counts;
        }
        for (QueryResult.Series s : ReadingHistory.series(result)) {
            Optional<MeasurementType> type = MeasurementType.fromWireName(s.getTags() == null ? null : s.getTags().get("type"));
            for (List<Object> row : s.getValues()) {
                if (type.isPresent() && row.get(1) instanceof Number n) {
                    counts.merge(type.get(), n.longValue(), Long::sum);
                }
            }
        }
        return counts;
    }

    /** The types a device has measured for a patient. */
    public java.util.Set<MeasurementType> typesMeasured(String patient, String device) {
        QueryResult result = client.queryIfExists("SELECT count(value) FROM " + InfluxClient.READINGS
                + " WHERE patient = $patient AND device = $device GROUP BY type", Map.of("patient", patient, "device", device));
        java.util.Set<MeasurementType> types = java.util.EnumSet.noneOf(MeasurementType.class);
        if (result != null) {
            for (QueryResult.Series s : ReadingHistory.series(result)) {
                MeasurementType.fromWireName(s.getTags() == null ? null : s.getTags().get("type")).ifPresent(types::add);
            }
        }
        return types;
    }

    /** Every reading of {@code types}, of any patient, measured at exactly {@code ts}: an id's look-up. */
    public List<Row> at(Collection<MeasurementType> types, Instant ts) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("ts", ReadingHistory.nanos(ts));
        return rows(client.queryIfExists("SELECT value, device, type, patient FROM " + InfluxClient.READINGS + " WHERE time = $ts AND "
                + typeCondition(types, params), params), null);
    }

    /** The alerts of one patient, in the order they were raised. */
    public List<AlertRecord> alerts(String patient) {
        QueryResult result = client.queryIfExists("SELECT alert_id, state, alert_message, severity, rule, type FROM " + AlertStore.ALERTS
                + " WHERE patient = $patient ORDER BY time ASC", Map.of("patient", patient));
        Map<String, AlertRecord> byId = new LinkedHashMap<>();
        if (result == null) {
            return List.of();
        }
        for (QueryResult.Series s : ReadingHistory.series(result)) {
            for (List<Object> row : s.getValues()) {
                if (!(row.get(1) instanceof String id)) {
                    continue;
                }
                Instant at = Instant.parse((String) row.get(0));
                AlertRecord before = byId.get(id);
                Optional<Instant> resolved = row.get(2) instanceof String state
                        && AlertState.fromWireName(state).filter(AlertState.RESOLVED::equals).isPresent() ? Optional.of(at) : Optional.empty();
                String message = row.get(3) instanceof String m ? m : before == null ? "" : before.message();
                byId.put(id, new AlertRecord(id, String.valueOf(row.get(6)), String.valueOf(row.get(4)), String.valueOf(row.get(5)),
                        before == null ? at : before.raised(), resolved, message));
            }
        }
        return List.copyOf(byId.values());
    }

    private static String where(String patient, Collection<MeasurementType> types, List<TimeBound> bounds, Map<String, Object> params) {
        params.put("patient", patient);
        StringBuilder where = new StringBuilder("patient = $patient");
        // Every type asked for: no type condition, so InfluxDB reads the patient's series without a twelve-way OR.
        if (types.size() < MeasurementType.values().length) {
            where.append(" AND ").append(typeCondition(types, params));
        }
        for (int i = 0; i < bounds.size(); i++) {
            TimeBound b = bounds.get(i);
            if (!List.of(">", ">=", "<", "<=", "=").contains(b.op())) {
                throw new IllegalArgumentException("not a time comparison: " + b.op());
            }
            where.append(" AND time ").append(b.op()).append(" $t").append(i);
            params.put("t" + i, ReadingHistory.nanos(b.at()));
        }
        return where.toString();
    }

    private static String typeCondition(Collection<MeasurementType> types, Map<String, Object> params) {
        StringJoiner or = new StringJoiner(" OR ", "(", ")");
        int i = 0;
        for (MeasurementType t : types) {
            or.add("type = $type" + i);
            params.put("type" + i, t.wireName());
            i++;
        }
        return or.toString();
    }

    private static List<Row> rows(QueryResult result, String patient) {
        List<Row> rows = new ArrayList<>();
        if (result == null) {
            return rows;
        }
        for (QueryResult.Series s : ReadingHistory.series(result)) {
            for (List<Object> row : s.getValues()) {
                Optional<MeasurementType> type = MeasurementType.fromWireName((String) row.get(3));
                if (type.isEmpty() || !(row.get(1) instanceof Number n) || !(row.get(2) instanceof String device)) {
                    continue;
                }
                String owner = patient != null ? patient : (String) row.get(4);
                rows.add(new Row(owner, device, type.get(), Instant.parse((String) row.get(0)), n.doubleValue()));
            }
        }
        return rows;
    }
}
