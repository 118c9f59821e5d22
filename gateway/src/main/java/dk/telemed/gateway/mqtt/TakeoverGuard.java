package dk.telemed.gateway.mqtt;

import dk.telemed.gateway.model.LogText;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.slf4j.Logger;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How soon a session reconnects after the broker ended its connection, so that two clients
 * using one client id do not take the session from each other every second (each takeover
 * makes the broker close the other's connection, and readings routed to the wrong one are
 * lost). The broker says so with MQTT 5 reason code 0x8E (session taken over); Mosquitto
 * 2.0.11 (Debian's) just closes the connection, so a connection closed shortly after it was
 * made counts as a takeover too. Each such loss in a row doubles the wait, from 2 s up to
 * {@code maxDelayMs}; a connection that lasts ends the streak and the next loss waits 1 s
 * again, so a benign cause (a broker restart) never keeps the gateway off the broker.
 */
public final class TakeoverGuard {
    /** MQTT 5 DISCONNECT reason code: another connection with the same client id took the session. */
    public static final int SESSION_TAKEN_OVER = 0x8E;
    /** A connection closed sooner than this after it was made looks like a takeover. */
    static final long SHORT_LIVED_MS = 30_000;
    static final long FIRST_DELAY_MS = 1_000;

    /** What shows that the session was taken over; the metric's tag. */
    public enum Evidence {
        /** The broker's DISCONNECT said 0x8E. */
        BROKER("broker"),
        /** The connection was closed within {@link #SHORT_LIVED_MS} of being made. */
        SHORT_LIVED("short_lived");

        private final String tag;

        Evidence(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /**
     * @param evidence null when the loss does not look like a takeover
     * @param delayMs  how long to wait before reconnecting
     * @param inARow   takeovers in a row, this one included (0 without evidence)
     * @param lastedMs how long the lost connection had lasted
     */
    public record Decision(Evidence evidence, long delayMs, int inARow, long lastedMs) {
    }

    private final long maxDelayMs;
    private final LongSupplier nanoTime;
    private final Map<Evidence, AtomicLong> counts = new EnumMap<>(Evidence.class);
    private int streak;
    private long connectedAt;
    private boolean connected;
    private long holdUntil;

    /** @param nanoTime {@link System#nanoTime} or a test's clock */
    public TakeoverGuard(long maxDelayMs, LongSupplier nanoTime) {
        this.maxDelayMs = Math.max(FIRST_DELAY_MS, maxDelayMs);
        this.nanoTime = nanoTime;
        for (Evidence e : Evidence.values()) {
            counts.put(e, new AtomicLong());
        }
    }

    public synchronized void connected() {
        connected = true;
        connectedAt = nanoTime.getAsLong();
    }

    /** The connection was lost with this DISCONNECT reason code (0 when the broker sent none). */
    public synchronized Decision lost(int reasonCode) {
        long now = nanoTime.getAsLong();
        long lastedMs = connected ? TimeUnit.NANOSECONDS.toMillis(now - connectedAt) : 0;
        boolean shortLived = connected && lastedMs < SHORT_LIVED_MS;
        connected = false;
        Evidence evidence = reasonCode == SESSION_TAKEN_OVER ? Evidence.BROKER
                : shortLived ? Evidence.SHORT_LIVED : null;
        if (evidence == null) {
            streak = 0;
            holdUntil = now;
            return new Decision(null, FIRST_DELAY_MS, 0, lastedMs);
        }
        streak++;
        counts.get(evidence).incrementAndGet();
        long delay = Math.min(maxDelayMs, FIRST_DELAY_MS << Math.min(streak, 30));
        holdUntil = now + TimeUnit.MILLISECONDS.toNanos(delay);
        return new Decision(evidence, delay, streak, lastedMs);
    }

    /** True while the wait decided by the last takeover runs: nothing else should reconnect meanwhile. */
    public synchronized boolean holding() {
        return nanoTime.getAsLong() - holdUntil < 0;
    }

    /** Takeovers seen so far with this evidence. */
    public long count(Evidence evidence) {
        return counts.get(evidence).get();
    }

    /**
     * Tells the operator about a lost connection: a takeover as an error that names the
     * session's own account and what the broker said (its reason string may name the other
     * client), anything else as before.
     */
    void log(Logger log, String clientId, String account, MqttDisconnectResponse response, Decision decision) {
        String said = response.getReasonString() != null ? LogText.escape(response.getReasonString())
                : String.valueOf(response.getException());
        String who = account.isEmpty() ? "an anonymous client" : "the account '" + LogText.escape(account) + "'";
        if (decision.evidence() == Evidence.BROKER) {
            log.error("{}: the broker gave this session to another connection with the same client id (reason code 0x8E,"
                    + " session taken over: {}). Only {} may use this client id, on the gateway's listener: another gateway"
                    + " runs with the same mqtt.clientId, or someone holds that account's password. Takeover {} in a row;"
                    + " reconnecting in {} s", clientId, said, who, decision.inARow(), decision.delayMs() / 1000);
        } else if (decision.evidence() == Evidence.SHORT_LIVED) {
            // Once may be a broker restart; twice in a row is a pattern.
            (decision.inARow() > 1 ? log.atError() : log.atWarn()).log("{}: the broker closed this session {} s after it was made ({} in a row; {}): another connection"
                    + " may be using this client id with {} (the broker's log then says \"Client {} already connected,"
                    + " closing old connection\"), e.g. a second gateway with the same mqtt.clientId. Reconnecting in {} s",
                    clientId, decision.lastedMs() / 1000, decision.inARow(), said, who, clientId, decision.delayMs() / 1000);
        } else {
            log.warn("lost the broker connection (reason code {}): {}; reconnecting", response.getReturnCode(), said);
        }
    }
}
