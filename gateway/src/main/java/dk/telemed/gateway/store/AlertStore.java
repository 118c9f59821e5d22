package dk.telemed.gateway.store;

import dk.telemed.gateway.alerts.AlertEventJson;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.rules.AlertChange;
import dk.telemed.gateway.rules.AlertDispatcher;
import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Point;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code alerts} measurement (interface section 2): one point per state change, tags
 * {@code patient}, {@code type}, {@code severity}, {@code rule}, fields {@code alert_id},
 * {@code state}, {@code value}, {@code message}, at the time of the change. Extra fields let
 * the open alerts be rebuilt at start from the last point of each alert: {@code key} (the
 * identity), {@code event} (the announced event in its one JSON form), {@code event_id},
 * {@code alert_message}, {@code care_team}, {@code late}, {@code notified_at}, {@code seq},
 * {@code reminders}. Nothing that names a person: the patient is the pseudonymous id.
 */
public final class AlertStore implements AlertDispatcher.Recorder {
    private static final Logger LOG = LoggerFactory.getLogger(AlertStore.class);
    static final String ALERTS = "alerts";

    private final InfluxClient client;
    private final WorkerExecutor workers;
    private final AlertEventJson json = new AlertEventJson();

    public AlertStore(InfluxClient client, WorkerExecutor workers) {
        this.client = client;
        this.workers = workers;
    }

    @Override
    public Future<Void> record(AlertChange change) {
        Point point = point(change);
        return workers.executeBlocking(() -> {
            client.writePoints(List.of(point));
            return null;
        }, false);
    }

    Point point(AlertChange change) {
        OpenAlert a = change.alert();
        AlertEvent e = change.event();
        Point.Builder p = Point.measurement(ALERTS)
                .time(ReadingHistory.nanos(e.at()), TimeUnit.NANOSECONDS)
                .tag("patient", a.key().patient())
                .tag("type", a.key().type())
                .tag("severity", a.severity().wireName())
                .tag("rule", a.rule())
                .addField("alert_id", a.alertId())
                .addField("state", a.state().wireName())
                .addField("message", e.message())
                .addField("alert_message", a.message())
                .addField("key", a.key().id())
                .addField("event_id", e.eventId())
                .addField("event", new String(json.write(e), StandardCharsets.UTF_8))
                .addField("care_team", a.careTeam())
                .addField("late", a.late())
                .addField("notified_at", a.notifiedAt().toString())
                .addField("raised_at", a.raisedAt().toString())
                .addField("seq", (long) a.seq())
                .addField("reminders", (long) a.reminders());
        a.value().ifPresent(v -> p.addField("value", v));
        return p.build();
    }

    /**
     * The alerts whose last recorded state is not resolved, changed within {@code lookback};
     * none before the database exists (a first start), rather than waiting for it.
     */
    public Future<List<OpenAlert>> openAlerts(Duration lookback) {
        return workers.executeBlocking(() -> {
            QueryResult result;
            try {
                result = client.query("SELECT * FROM " + ALERTS + " WHERE time > now() - " + lookback.toDays() + "d", Map.of());
            } catch (InfluxDBException e) {
                if (InfluxClient.isDatabaseNotFound(e)) {
                    return List.<OpenAlert>of();
                }
                throw e;
            }
            Map<String, Map<String, Object>> lastById = new LinkedHashMap<>();
            for (QueryResult.Series s : ReadingHistory.series(result)) {
                for (List<Object> row : s.getValues()) {
                    Map<String, Object> named = new LinkedHashMap<>();
                    for (int i = 0; i < s.getColumns().size(); i++) {
                        named.put(s.getColumns().get(i), row.get(i));
                    }
                    if (named.get("alert_id") instanceof String id) {
                        lastById.put(id, named);
                    }
                }
            }
            List<OpenAlert> open = new ArrayList<>();
            lastById.values().forEach(row -> rebuild(row).filter(a -> a.state() != AlertState.RESOLVED).ifPresent(open::add));
            return open;
        }, false);
    }

    /** Points written before {@code raised_at} existed: the first notification is the best estimate left. */
    private static Instant raisedAt(Map<String, Object> row) {
        return Instant.parse((String) (row.get("raised_at") instanceof String raised ? raised : row.get("notified_at")));
    }

    private Optional<OpenAlert> rebuild(Map<String, Object> row) {
        try {
            AlertEvent e = json.read(((String) row.get("event")).getBytes(StandardCharsets.UTF_8));
            AlertKey key = AlertKey.parse((String) row.get("key")).orElseThrow(() -> new IOException("no key"));
            AlertState state = AlertState.fromWireName((String) row.get("state")).orElseThrow(() -> new IOException("no state"));
            return Optional.of(new OpenAlert(e.alertId(), key, e.careTeam(), e.severity(), e.rule(), state, e.value(), e.unit(),
                    e.threshold(), e.thresholds(), e.readingTs(), (String) row.get("alert_message"), e.late(),
                    Instant.parse((String) row.get("notified_at")), ((Number) row.get("seq")).intValue(),
                    ((Number) row.get("reminders")).intValue(), e.acknowledgedBy(), e.acknowledgedAt(), e.note(),
                    raisedAt(row), e.readings(), e.instruction()));
        } catch (IOException | RuntimeException ex) {
            // One damaged point must not keep the gateway from starting; the rest still rebuild.
            LOG.warn("alert {} in InfluxDB cannot be rebuilt, skipped: {}", row.get("alert_id"), ex.getMessage());
            return Optional.empty();
        }
    }
}
