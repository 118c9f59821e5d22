package dk.telemed.gateway.store;

import dk.telemed.gateway.store.SessionLedger.Event;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a session's stored events say, read as InfluxDB answers them. */
class SessionStoreTest {
    private static final Instant SIGNED_IN = Instant.parse("2026-01-01T08:00:00Z");

    @Test
    void theNewestEventIsTheLastUseAndASignOutAnywhereEndsTheSession() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("2026-01-01T08:00:00Z", Event.SIGNED_IN));
        rows.add(row("2026-01-01T08:07:00.000000001Z", Event.SEEN));
        rows.add(row("2026-01-01T08:03:00Z", Event.SEEN));
        assertThat(SessionStore.stored(answer(rows))).hasValueSatisfying(s -> {
            assertThat(s.username()).isEqualTo("nina");
            assertThat(s.created()).isEqualTo(SIGNED_IN);
            assertThat(s.lastSeen()).isEqualTo(Instant.parse("2026-01-01T08:07:00.000000001Z"));
            assertThat(s.ended()).isFalse();
        });
        rows.add(1, row("2026-01-01T08:05:00Z", Event.SIGNED_OUT));
        assertThat(SessionStore.stored(answer(rows))).hasValueSatisfying(s -> assertThat(s.ended()).isTrue());
    }

    @Test
    void noEventsOrNoDatabaseIsNoSession() {
        assertThat(SessionStore.stored(answer(List.of()))).isEmpty();
        assertThat(SessionStore.stored(null)).isEmpty();
    }

    @Test
    void anEventOfAnUnknownKindIsSkipped() {
        List<Object> odd = new ArrayList<>(row("2026-01-01T09:00:00Z", Event.SEEN));
        odd.set(2, "teleported");
        assertThat(SessionStore.stored(answer(List.of(row("2026-01-01T08:00:00Z", Event.SIGNED_IN), odd))))
                .hasValueSatisfying(s -> assertThat(s.lastSeen()).isEqualTo(SIGNED_IN));
    }

    private static List<Object> row(String time, Event event) {
        // InfluxDB's JSON numbers arrive as doubles.
        return new ArrayList<>(List.of(time, (double) SIGNED_IN.toEpochMilli(), event.wireName(), "hash", "nina", "w1"));
    }

    static QueryResult answer(List<List<Object>> rows) {
        QueryResult.Series series = new QueryResult.Series();
        series.setName("sessions");
        series.setColumns(List.of("time", "created_ms", "event", "id_hash", "username", "writer"));
        series.setValues(rows);
        QueryResult.Result result = new QueryResult.Result();
        result.setSeries(rows.isEmpty() ? null : List.of(series));
        QueryResult answer = new QueryResult();
        answer.setResults(List.of(result));
        return answer;
    }
}
