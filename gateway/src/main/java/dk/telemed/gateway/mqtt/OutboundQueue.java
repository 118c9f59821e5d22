package dk.telemed.gateway.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * QoS 1 publishes within the broker's flow-control window. The broker allows only so many
 * unacknowledged publishes (its Receive Maximum; Mosquitto's default is 20) and Paho refuses
 * the next one outright. Refused publishes wait here and go out as earlier ones complete, so a
 * burst of rejections or alerts is delayed, never dropped. The queue is bounded by its callers:
 * each is tied to an inbound message not yet acknowledged.
 *
 * <p>A publish is handed to Paho only when the broker's window has room. Paho (1.2.5) registers a
 * topic alias for a new topic before it refuses a publish for a full window, so a refused first
 * publish to a topic leaves an alias the broker never learned: the next publish to that topic
 * goes out with the alias alone, and the broker drops the connection for a protocol error.
 * Paho's own count of publishes in flight cannot tell when there is room: it counts a publish
 * only once its sender thread takes it off Paho's queue, so the count can rise between a look at
 * it and the publish. The window is therefore kept here, counting every publish handed to the
 * current client until Paho reports it done.
 *
 * <p>Every publish has a deadline: one the broker has not acknowledged within it fails, and its
 * caller retries it like any failed publish (QoS 1 is at least once: a publish that was only
 * slow may then arrive twice). A caller never waits on a connection that hangs.
 *
 * <p>Used from one event-loop context only.
 */
final class OutboundQueue {
    private static final long RETRY_MS = 20;

    private final Context context;
    private final Supplier<MqttAsyncClient> client;
    private final ArrayDeque<Pending> urgent = new ArrayDeque<>();
    /**
     * Waits behind every urgent publish: a reading's feedback to its device is sent for every
     * reading, and an alert queued behind thousands of them (a backlog) held the acknowledgement
     * of its readings, and of every message after them, for seconds.
     */
    private final ArrayDeque<Pending> routine = new ArrayDeque<>();
    /** The client {@link #inFlight} counts for; a new connection's client starts with an empty window. */
    private MqttAsyncClient counted;
    /** Publishes handed to {@link #counted} and not yet reported done. */
    private int inFlight;
    private boolean retryScheduled;
    /** The broker's Receive Maximum on the current connection (MQTT 5 CONNACK; 65,535 when it names none); 1 until it is known. */
    private volatile int window = 1;

    private final long timeoutMs;

    OutboundQueue(Context context, Supplier<MqttAsyncClient> client, long timeoutMs) {
        this.context = context;
        this.client = client;
        this.timeoutMs = timeoutMs;
    }

    /** Completes with the reason code of the broker's PUBACK (0, or 16 when nobody subscribes to the topic). */
    Future<Integer> publish(String topic, byte[] payload, Priority priority) {
        Pending pending = new Pending(topic, payload, Promise.promise());
        ArrayDeque<Pending> waiting = priority == Priority.URGENT ? urgent : routine;
        waiting.add(pending);
        long deadline = context.owner().setTimer(timeoutMs, id -> {
            if (pending.promise.tryFail(new TimeoutException("the broker did not acknowledge a publish to " + topic
                    + " within " + timeoutMs + " ms (mqtt.publishTimeoutMs)"))) {
                waiting.remove(pending);
            }
        });
        Future<Integer> result = pending.promise.future();
        result.onComplete(r -> context.owner().cancelTimer(deadline));
        pump();
        return result;
    }

    int waiting() {
        return urgent.size() + routine.size();
    }

    /** The broker's Receive Maximum, from the CONNACK of each new connection. */
    void window(int receiveMaximum) {
        window = receiveMaximum;
    }

    private void pump() {
        MqttAsyncClient current = client.get();
        if (current != counted) {
            // Publishes of a replaced client are failed by Paho as it closes; they no longer take room.
            counted = current;
            inFlight = 0;
        }
        while (!urgent.isEmpty() || !routine.isEmpty()) {
            ArrayDeque<Pending> waiting = urgent.isEmpty() ? routine : urgent;
            if (inFlight >= window) {
                // A completion pumps again; the timer covers a client replaced meanwhile.
                retryLater();
                return;
            }
            Pending next = waiting.peek();
            try {
                current.publish(next.topic, next.payload, 1, false, null, listener(next.promise, current));
                waiting.poll();
                inFlight++;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    // Publishes on this client by others fill the window: poll until there is room.
                    retryLater();
                    return;
                }
                waiting.poll();
                next.promise.tryFail(e);
            }
        }
    }

    private void retryLater() {
        if (!retryScheduled) {
            retryScheduled = true;
            context.owner().setTimer(RETRY_MS, id -> {
                retryScheduled = false;
                pump();
            });
        }
    }

    private MqttActionListener listener(Promise<Integer> promise, MqttAsyncClient sentWith) {
        // Paho may report a publish more than once (a failure as the connection drops after its success).
        AtomicBoolean reported = new AtomicBoolean();
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                if (reported.getAndSet(true)) {
                    return;
                }
                int[] codes = token.getReasonCodes();
                int reason = codes == null || codes.length == 0 ? 0 : codes[0];
                context.runOnContext(v -> completed(promise, sentWith, reason, null));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                if (reported.getAndSet(true)) {
                    return;
                }
                context.runOnContext(v -> completed(promise, sentWith, 0, e));
            }
        };
    }

    private void completed(Promise<Integer> promise, MqttAsyncClient sentWith, int reason, Throwable failure) {
        if (sentWith == counted) {
            inFlight--;
        }
        if (failure == null) {
            promise.tryComplete(reason);
        } else {
            promise.tryFail(failure);
        }
        pump();
    }

    private record Pending(String topic, byte[] payload, Promise<Integer> promise) {
    }
}
