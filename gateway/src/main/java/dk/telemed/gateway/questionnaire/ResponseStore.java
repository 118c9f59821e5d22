package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.store.InfluxClient;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Point;
import org.influxdb.dto.QueryResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code responses} measurement: one point per answered item (tags {@code patient},
 * {@code questionnaire}, {@code item}; fields {@code value}, the answer as a number,
 * {@code answer}, its code, and {@code version}) and one per response with item
 * {@value #TOTAL} (fields {@code score}, the rule's total, {@code severity}, {@code rule},
 * {@code why}, {@code version}), all at the time the patient answered. A point is keyed by
 * its tags and time, so a response stored twice is one response. Blocking calls run on
 * {@code workers}.
 */
public final class ResponseStore {
    static final String MEASUREMENT = "responses";
    /** The item tag of a response's summary point; item ids start with a letter, so it cannot clash. */
    public static final String TOTAL = "_total";

    private final InfluxClient client;
    private final WorkerExecutor workers;

    public ResponseStore(InfluxClient client, WorkerExecutor workers) {
        this.client = client;
        this.workers = workers;
    }

    public Future<Void> write(Response r, Judgement j) {
        List<Point> points = points(r, j);
        return workers.executeBlocking(() -> {
            client.writePoints(points);
            return null;
        }, false);
    }

    static List<Point> points(Response r, Judgement j) {
        long nanos = nanos(r.answeredAt());
        String q = r.questionnaire().id();
        List<Point> points = new ArrayList<>();
        r.answers().forEach((item, answer) -> points.add(Point.measurement(MEASUREMENT).time(nanos, TimeUnit.NANOSECONDS)
                .tag("patient", r.patientId()).tag("questionnaire", q).tag("item", item)
                .addField("value", answer.value()).addField("answer", answer.code())
                .addField("version", (long) r.questionnaire().version()).build()));
        points.add(Point.measurement(MEASUREMENT).time(nanos, TimeUnit.NANOSECONDS)
                .tag("patient", r.patientId()).tag("questionnaire", q).tag("item", TOTAL)
                .addField("score", (double) j.score())
                .addField("severity", j.severity().map(Severity::wireName).orElse("green"))
                .addField("rule", j.rule())
                .addField("why", j.why())
                .addField("version", (long) r.questionnaire().version()).build());
        return points;
    }

    /** InfluxDB refused the points for their data (beyond the retention policy, a field of another type): retrying cannot help. */
    public static boolean isRefusal(Throwable t) {
        return t instanceof InfluxDBException.FieldTypeConflictException
                || t instanceof InfluxDBException.PointsBeyondRetentionPolicyException
                || t instanceof InfluxDBException.UnableToParseException;
    }

    /** The patient's totals of a questionnaire answered before {@code before}, oldest first, at most {@code count}. */
    public Future<List<Integer>> previousTotals(String patient, String questionnaire, Instant before, int count) {
        return workers.executeBlocking(() -> {
            QueryResult result = client.queryIfExists("SELECT score FROM " + MEASUREMENT + " WHERE patient = $patient AND questionnaire = $q"
                    + " AND item = '" + TOTAL + "' AND time < $before ORDER BY time DESC LIMIT " + count,
                    Map.of("patient", patient, "q", questionnaire, "before", nanos(before)));
            List<Integer> totals = new ArrayList<>();
            for (List<Object> row : rows(result)) {
                if (row.get(1) instanceof Number n) {
                    totals.add(0, (int) Math.round(n.doubleValue()));
                }
            }
            return totals;
        }, false);
    }

    /** When each patient last answered each questionnaire (patient → questionnaire → time), looking back {@code days}. */
    public Future<Map<String, Map<String, Instant>>> lastAnswers(int days) {
        return workers.executeBlocking(() -> {
            QueryResult result = client.queryIfExists("SELECT last(score) FROM " + MEASUREMENT + " WHERE item = '" + TOTAL + "' AND time > now() - "
                    + days + "d GROUP BY patient, questionnaire", Map.of());
            Map<String, Map<String, Instant>> last = new LinkedHashMap<>();
            if (result != null) {
                for (QueryResult.Series s : series(result)) {
                    if (s.getTags() == null || s.getValues().isEmpty()) {
                        continue;
                    }
                    last.computeIfAbsent(s.getTags().get("patient"), k -> new LinkedHashMap<>())
                            .put(s.getTags().get("questionnaire"), Instant.parse((String) s.getValues().get(0).get(0)));
                }
            }
            return last;
        }, false);
    }

    /**
     * A patient's responses answered from {@code from} (inclusive) to {@code to} (exclusive), in
     * time order, at most {@code limit}; blocking, for callers already on a worker.
     */
    public List<StoredResponse> responses(String patient, Optional<String> questionnaire, Instant from, Instant to, int limit) {
        Map<String, Object> params = new LinkedHashMap<>(Map.of("patient", patient, "from", nanos(from), "to", nanos(to)));
        questionnaire.ifPresent(q -> params.put("q", q));
        QueryResult totals = client.queryIfExists("SELECT questionnaire, score, severity, why, version FROM " + MEASUREMENT
                + " WHERE patient = $patient AND item = '" + TOTAL + "'" + (questionnaire.isPresent() ? " AND questionnaire = $q" : "")
                + " AND time >= $from AND time < $to ORDER BY time ASC LIMIT " + limit, params);
        List<List<Object>> summaries = rows(totals);
        if (summaries.isEmpty()) {
            return List.of();
        }
        Instant last = Instant.parse((String) summaries.get(summaries.size() - 1).get(0));
        QueryResult items = client.queryIfExists("SELECT questionnaire, item, answer FROM " + MEASUREMENT
                + " WHERE patient = $patient AND item != '" + TOTAL + "' AND time >= $from AND time <= $to ORDER BY time ASC",
                Map.of("patient", patient, "from", nanos(from), "to", nanos(last)));
        Map<String, Map<String, String>> answers = new LinkedHashMap<>();
        for (List<Object> row : rows(items)) {
            answers.computeIfAbsent(row.get(0) + "|" + row.get(1), k -> new LinkedHashMap<>()).put((String) row.get(2), String.valueOf(row.get(3)));
        }
        List<StoredResponse> out = new ArrayList<>();
        for (List<Object> row : summaries) {
            String q = (String) row.get(1);
            out.add(new StoredResponse(patient, q, row.get(5) instanceof Number v ? v.intValue() : 1, Instant.parse((String) row.get(0)),
                    answers.getOrDefault(row.get(0) + "|" + q, Map.of()), row.get(2) instanceof Number n ? n.doubleValue() : 0,
                    String.valueOf(row.get(3)).toLowerCase(Locale.ROOT), row.get(4) == null ? "" : String.valueOf(row.get(4))));
        }
        return out;
    }

    private static List<List<Object>> rows(QueryResult result) {
        List<List<Object>> rows = new ArrayList<>();
        if (result != null) {
            series(result).forEach(s -> rows.addAll(s.getValues()));
        }
        return rows;
    }

    private static List<QueryResult.Series> series(QueryResult result) {
        List<QueryResult.Series> all = new ArrayList<>();
        if (result.getResults() != null) {
            result.getResults().stream().filter(r -> r.getSeries() != null).forEach(r -> all.addAll(r.getSeries()));
        }
        return all;
    }

    static long nanos(Instant t) {
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }
}
