package dk.telemed.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the JSON of InfluxDB 1.x {@code /query}, turning any error into an exception with InfluxDB's text. */
final class InfluxResults {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<List<Object>>> ROWS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };

    private InfluxResults() {
    }

    /** Thrown for an error InfluxDB reported (bad InfluxQL, unknown database, ...). */
    static final class InfluxError extends IllegalStateException {
        InfluxError(String message) {
            super(message);
        }
    }

    /**
     * The series of the first statement. An error anywhere (top level, e.g. a parse
     * error with HTTP 400, or in any statement) throws, because a test that silently got
     * no rows for a typo in its query would pass for the wrong reason.
     */
    static List<Series> firstStatement(int httpStatus, String body, String query) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InfluxError("InfluxDB answered HTTP " + httpStatus + " with non-JSON to [" + query + "]: " + body);
        }
        if (root == null || !root.isObject()) {
            throw new InfluxError("InfluxDB answered HTTP " + httpStatus + " to [" + query + "]: " + body);
        }
        if (root.hasNonNull("error")) {
            throw new InfluxError("InfluxDB error (HTTP " + httpStatus + ") for [" + query + "]: "
                    + root.get("error").asText());
        }
        JsonNode results = root.path("results");
        for (JsonNode result : results) {
            if (result.hasNonNull("error")) {
                throw new InfluxError("InfluxDB error for [" + query + "]: " + result.get("error").asText());
            }
        }
        if (httpStatus / 100 != 2) {
            throw new InfluxError("InfluxDB answered HTTP " + httpStatus + " to [" + query + "]: " + body);
        }
        if (results.isEmpty()) {
            return List.of();
        }
        List<Series> series = new ArrayList<>();
        for (JsonNode s : results.get(0).path("series")) {
            Map<String, String> tags = s.has("tags") ? JSON.convertValue(s.get("tags"), TAGS) : Map.of();
            List<String> columns = new ArrayList<>();
            s.path("columns").forEach(c -> columns.add(c.asText()));
            List<List<Object>> values = s.has("values") ? JSON.convertValue(s.get("values"), ROWS) : List.of();
            series.add(new Series(s.path("name").asText(""), new LinkedHashMap<>(tags), columns, values));
        }
        return series;
    }

    /**
     * The first value that is not the time of the first row, as a long: the number in
     * {@code SELECT count(value) ...} (whose first column is always {@code time}). 0 when no rows.
     */
    static long count(List<Series> series) {
        if (series.isEmpty() || series.get(0).values().isEmpty()) {
            return 0;
        }
        Series first = series.get(0);
        List<Object> row = first.values().get(0);
        for (int i = 0; i < row.size(); i++) {
            if (i < first.columns().size() && first.columns().get(i).equals("time")) {
                continue;
            }
            Object value = row.get(i);
            if (value == null) {
                return 0;
            }
            if (value instanceof Number n) {
                return n.longValue();
            }
            throw new IllegalStateException("column " + first.columns().get(i) + " is not a number: " + value);
        }
        return 0;
    }
}
