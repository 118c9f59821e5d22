package dk.telemed.testsupport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One series of an InfluxQL result, as InfluxDB 1.x returns it: a GROUP BY query gives
 * one per tag combination.
 *
 * <p>Values are what JSON gave: {@code time} an RFC 3339 string, numbers Integer, Long
 * or Double (InfluxDB writes a float field with a whole value as {@code 91}, so compare
 * through {@code ((Number) v).doubleValue()}), null for a missing field.
 */
public record Series(String name, Map<String, String> tags, List<String> columns, List<List<Object>> values) {
    public Series {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        columns = List.copyOf(columns);
        // Not List.copyOf: rows may contain nulls.
        values = values.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
    }

    /** The index of a column, e.g. {@code "value"}. */
    public int column(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + columns);
        }
        return index;
    }

    /** Each row as column name → value, in column order. */
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>(values.size());
        for (List<Object> row : values) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                map.put(columns.get(i), i < row.size() ? row.get(i) : null);
            }
            rows.add(map);
        }
        return rows;
    }
}
