package dk.telemed.gateway.audit;

import dk.telemed.gateway.store.UniqueTimes;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** An audit entry as a point of the shared measurement, and back. */
class InfluxAuditLogTest {
    private static final Instant AT = Instant.parse("2026-01-01T08:00:00.250Z");

    @Test
    void twoEntriesOfTheSameInstantAreTwoPointsOfTheWritersOwnSeries() {
        UniqueTimes times = new UniqueTimes(new SecureRandom());
        String first = InfluxAuditLog.point(entry(Optional.of("p-0001"), "a"), times).lineProtocol();
        String second = InfluxAuditLog.point(entry(Optional.empty(), "b"), times).lineProtocol();
        assertThat(first).startsWith("audit,writer=" + times.writer() + " ").contains("patient=\"p-0001\"")
                .contains("username=\"nina\"").contains("action=\"view-patient\"").endsWith(" 1767254400250000000");
        assertThat(second).doesNotContain("patient=").endsWith(" 1767254400250000001");
        UniqueTimes otherGateway = new UniqueTimes(new SecureRandom());
        assertThat(InfluxAuditLog.point(entry(Optional.empty(), "c"), otherGateway).lineProtocol())
                .as("another gateway, same instant: another series").startsWith("audit,writer=" + otherGateway.writer() + " ")
                .endsWith(" 1767254400250000000");
    }

    @Test
    void storedPointsReadBackAsEntriesInTheAnswersOrder() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(java.util.Arrays.asList("2026-01-01T08:00:00.250000001Z", "view-patient", "b", "allowed", null,
                "nurse", "nina", "w2")));
        rows.add(new ArrayList<>(java.util.Arrays.asList("2026-01-01T08:00:00.25Z", "view-patient", "a", "allowed", "p-0001",
                "nurse", "nina", "w1")));
        rows.add(new ArrayList<>(java.util.Arrays.asList("not a time", "x", "x", "x", null, "x", "x", "w1")));
        QueryResult.Series series = new QueryResult.Series();
        series.setColumns(List.of("time", "action", "detail", "outcome", "patient", "role", "username", "writer"));
        series.setValues(rows);
        QueryResult.Result result = new QueryResult.Result();
        result.setSeries(List.of(series));
        QueryResult answer = new QueryResult();
        answer.setResults(List.of(result));
        assertThat(InfluxAuditLog.entries(answer)).containsExactly(
                new AuditEntry(AT.plusNanos(1), "nina", "nurse", "view-patient", Optional.empty(), "allowed", "b"),
                entry(Optional.of("p-0001"), "a"));
        assertThat(InfluxAuditLog.entries(null)).isEmpty();
    }

    private static AuditEntry entry(Optional<String> patient, String detail) {
        return new AuditEntry(AT, "nina", "nurse", "view-patient", patient, "allowed", detail);
    }
}
