package dk.telemed.gateway.webhooks;

import dk.telemed.gateway.config.WebhookConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * What an operator needs to see of one receiver: is it keeping up, is it down, what did it
 * refuse. Identifiers only (event and alert ids): never a secret, a patient or a body.
 * Written by the receiver's dispatcher, read by the HTTP API, so its methods are synchronized.
 */
public final class ReceiverStatus {
    private final WebhookConfig config;
    private final Clock clock;
    private final int maxFailures;
    private final ArrayDeque<JsonObject> recentFailures = new ArrayDeque<>();
    private BooleanSupplier connected = () -> false;
    private IntSupplier queueDepth = () -> 0;
    private long delivered;
    private long retried;
    private long failed;
    private Instant lastDeliveredAt;
    private JsonObject lastError;
    private JsonObject pending;
    private Instant openUntil;
    private int consecutiveFailures;

    public ReceiverStatus(WebhookConfig config, int maxFailures, Clock clock) {
        this.config = config;
        this.maxFailures = maxFailures;
        this.clock = clock;
    }

    public String name() {
        return config.name();
    }

    public synchronized void observe(BooleanSupplier connected, IntSupplier queueDepth) {
        this.connected = connected;
        this.queueDepth = queueDepth;
    }

    synchronized void delivered(Instant at) {
        delivered++;
        lastDeliveredAt = at;
        pending = null;
        openUntil = null;
        consecutiveFailures = 0;
    }

    synchronized void retrying(String eventId, String alertId, int attempts, int status, String reason, Instant at,
                               Instant nextAttemptAt, Instant breakerOpenUntil, int breakerFailures) {
        retried++;
        lastError = error(at, status, reason).put("eventId", eventId).put("alertId", alertId);
        pending = new JsonObject().put("eventId", eventId).put("alertId", alertId).put("attempts", attempts)
                .put("nextAttemptAt", nextAttemptAt.toString());
        openUntil = breakerOpenUntil;
        consecutiveFailures = breakerFailures;
    }

    synchronized void failed(String eventId, String alertId, int status, String reason, Instant at) {
        failed++;
        pending = null;
        JsonObject failure = error(at, status, reason).put("eventId", eventId).put("alertId", alertId);
        lastError = failure;
        recentFailures.addLast(failure);
        while (recentFailures.size() > maxFailures) {
            recentFailures.removeFirst();
        }
    }

    synchronized void answered() {
        openUntil = null;
        consecutiveFailures = 0;
    }

    private static JsonObject error(Instant at, int status, String reason) {
        JsonObject error = new JsonObject().put("at", at.toString()).put("reason", reason);
        return status > 0 ? error.put("status", status) : error;
    }

    public synchronized JsonObject toJson() {
        Instant now = clock.instant();
        String circuit = openUntil == null ? CircuitBreaker.State.CLOSED.wireName()
                : now.isBefore(openUntil) ? CircuitBreaker.State.OPEN.wireName() : CircuitBreaker.State.HALF_OPEN.wireName();
        JsonObject json = new JsonObject()
                .put("name", config.name())
                .put("url", displayUrl(config.url()))
                .put("careTeams", new JsonArray(config.careTeams()))
                .put("minSeverity", config.minSeverity())
                .put("connected", connected.getAsBoolean())
                .put("queueDepth", queueDepth.getAsInt())
                .put("circuit", circuit)
                .put("consecutiveFailures", consecutiveFailures)
                .put("delivered", delivered)
                .put("retried", retried)
                .put("failed", failed)
                .put("lastDeliveredAt", lastDeliveredAt == null ? null : lastDeliveredAt.toString())
                .put("lastError", lastError == null ? null : lastError.copy())
                .put("pending", pending == null ? null : pending.copy());
        if (openUntil != null) {
            json.put("circuitOpenUntil", openUntil.toString());
        }
        JsonArray failures = new JsonArray();
        recentFailures.descendingIterator().forEachRemaining(f -> failures.add(f.copy()));
        return json.put("recentFailures", failures);
    }

    /**
     * Scheme, host and port only: a receiver's path and query are often its secret (a token
     * in the path, e.g. /hooks/T0K3N), and so are a user name and password.
     */
    static String displayUrl(String url) {
        try {
            URI uri = new URI(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null).toString();
        } catch (URISyntaxException e) {
            return "(not shown)";
        }
    }
}
