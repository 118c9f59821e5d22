package dk.telemed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxResultsTest {
    @Test
    void readsSeriesWithTagsColumnsAndRows() {
        String body = """
                {"results":[{"statement_id":0,"series":[
                  {"name":"readings","tags":{"patient":"p-0001"},"columns":["time","value","device"],
                   "values":[["2026-11-22T06:30:00Z",91,"oxi-0001"],["2026-11-22T06:31:00Z",90.5,null]]},
                  {"name":"readings","tags":{"patient":"p-0002"},"columns":["time","value","device"],
                   "values":[["2026-11-22T06:30:00Z",88,"oxi-0002"]]}]}]}
                """;
        List<Series> series = InfluxResults.firstStatement(200, body, "q");

        assertThat(series).hasSize(2);
        Series first = series.get(0);
        assertThat(first.name()).isEqualTo("readings");
        assertThat(first.tags()).isEqualTo(Map.of("patient", "p-0001"));
        assertThat(first.columns()).containsExactly("time", "value", "device");
        assertThat(first.values().get(0)).containsExactly("2026-11-22T06:30:00Z", 91, "oxi-0001");
        assertThat(first.values().get(1)).isEqualTo(Arrays.asList("2026-11-22T06:31:00Z", 90.5, null));
        assertThat(first.rows().get(1)).containsEntry("value", 90.5).containsEntry("device", null);
        assertThat(first.column("value")).isEqualTo(1);
    }

    @Test
    void noSeriesIsAnEmptyList() {
        assertThat(InfluxResults.firstStatement(200, "{\"results\":[{\"statement_id\":0}]}", "q")).isEmpty();
        assertThat(InfluxResults.count(List.of())).isZero();
    }

    @Test
    void topLevelErrorCarriesInfluxText() {
        String body = "{\"error\":\"error parsing query: found FORM, expected FROM at line 1, char 21\"}";
        assertThatThrownBy(() -> InfluxResults.firstStatement(400, body, "SELECT count(value) FORM readings"))
                .hasMessageContaining("found FORM, expected FROM")
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("SELECT count(value) FORM readings");
    }

    @Test
    void statementErrorCarriesInfluxText() {
        String body = "{\"results\":[{\"statement_id\":0,\"error\":\"database not found: nope\"}]}";
        assertThatThrownBy(() -> InfluxResults.firstStatement(200, body, "q"))
                .hasMessageContaining("database not found: nope");
    }

    @Test
    void nonJsonAnswerIsAnError() {
        assertThatThrownBy(() -> InfluxResults.firstStatement(502, "<html>bad gateway</html>", "q"))
                .hasMessageContaining("502").hasMessageContaining("bad gateway");
    }

    @Test
    void countSkipsTheTimeColumn() {
        String body = """
                {"results":[{"statement_id":0,"series":[{"name":"readings","columns":["time","count"],
                 "values":[["1970-01-01T00:00:00Z",42]]}]}]}
                """;
        assertThat(InfluxResults.count(InfluxResults.firstStatement(200, body, "q"))).isEqualTo(42);
    }

    @Test
    void countOfLargeNumbersAndNull() {
        String big = """
                {"results":[{"series":[{"name":"m","columns":["time","count"],"values":[["t",5000000000]]}]}]}
                """;
        String nil = """
                {"results":[{"series":[{"name":"m","columns":["time","count"],"values":[["t",null]]}]}]}
                """;
        assertThat(InfluxResults.count(InfluxResults.firstStatement(200, big, "q"))).isEqualTo(5_000_000_000L);
        assertThat(InfluxResults.count(InfluxResults.firstStatement(200, nil, "q"))).isZero();
    }

    @Test
    void identifiersAreQuoted() {
        assertThat(InfluxServer.identifier("telemed-it")).isEqualTo("\"telemed-it\"");
        assertThat(InfluxServer.identifier("a\"b")).isEqualTo("\"a\\\"b\"");
    }
}
