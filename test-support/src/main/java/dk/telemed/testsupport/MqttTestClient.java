package dk.telemed.testsupport;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real Paho MQTT v5 client for tests: publishes as a device (QoS 1, waits for the broker's
 * ack) and records what it receives on its subscriptions, as a nurses' system would.
 *
 * <p>A lost connection comes back through Paho's automatic reconnect, watched: Paho's cycle
 * sometimes stops for good (a client taken over twice by the gateway's own reconnects never
 * came back, nor did {@link ReadingStream}'s after a broker restart), so one that has been
 * disconnected for {@link #RECONNECT_AFTER_MILLIS} is told to reconnect at once, which starts
 * the cycle again.
 */
public final class MqttTestClient implements AutoCloseable {
    private static final long TOO_MANY_IN_PROGRESS_PATIENCE_NANOS = 10_000_000_000L;
    static final long RECONNECT_AFTER_MILLIS = 3_000;
    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watchdog;
    /** System.nanoTime() when the watchdog first saw the client disconnected; 0 while connected. */
    private long disconnectedSince;

    /** A message as received, with its topic. */
    public record Received(String topic, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private MqttTestClient(MqttClient client) {
        this.client = client;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "mqtt-test-reconnect-" + client.getClientId());
            t.setDaemon(true);
            return t;
        });
    }

    /** On the watchdog's thread only. */
    private void reconnectIfStalled() {
        if (client.isConnected()) {
            disconnectedSince = 0;
            return;
        }
        long now = System.nanoTime();
        if (disconnectedSince == 0) {
            disconnectedSince = now;
        } else if (now - disconnectedSince >= TimeUnit.MILLISECONDS.toNanos(RECONNECT_AFTER_MILLIS)) {
            disconnectedSince = now;
            try {
                client.reconnect();
            } catch (MqttException | RuntimeException e) {
                // Already connecting, or the broker is still away: the next look tries again.
            }
        }
    }

    public static MqttTestClient connect(String url, String clientId) {
        return connect(url, clientId, null, null, null);
    }

    /**
     * Connects with an account (null: anonymous) and, for an {@code ssl://} URL, trusting the
     * CA in {@code caFile} (null: the JVM's trust store). Throws when the broker refuses.
     */
    public static MqttTestClient connect(String url, String clientId, String username, String password, Path caFile) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (caFile != null) {
            options.setSocketFactory(TestTls.trusting(caFile).getSocketFactory());
        }
        return connect(url, clientId, options);
    }

    private static MqttTestClient connect(String url, String clientId, MqttConnectionOptions options) {
        try {
            MqttClient client = new ReasonCodeClient(url, clientId);
            MqttTestClient test = new MqttTestClient(client);
            client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    test.received.add(new Received(topic, message.getPayload()));
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {
                }
            });
            client.connect(options);
            test.watchdog.scheduleWithFixedDelay(test::reconnectIfStalled, 1, 1, TimeUnit.SECONDS);
            return test;
        } catch (MqttException e) {
            throw new RefusedException("cannot connect test client " + clientId + " to " + url + ": " + e, e);
        }
    }

    /** The synchronous client, with its asynchronous one at hand for the PUBACK's reason code. */
    private static final class ReasonCodeClient extends MqttClient {
        ReasonCodeClient(String url, String clientId) throws MqttException {
            super(url, clientId, new MemoryPersistence());
        }

        org.eclipse.paho.mqttv5.client.MqttAsyncClient async() {
            return aClient;
        }
    }

    /** The broker (or the network) refused the connection; the cause says why. */
    public static final class RefusedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message, MqttException cause) {
            super(message, cause);
        }

        /** The MQTT reason code (e.g. 134 bad user name or password, 135 not authorized), or Paho's own code. */
        public int reasonCode() {
            return ((MqttException) getCause()).getReasonCode();
        }
    }

    /**
     * Publishes at QoS 1 and returns the reason code of the broker's PUBACK: below 128 when
     * accepted (0, or 16 when nobody subscribes), e.g. 135 (not authorized) when the ACL refuses it.
     */
    public int publishForReasonCode(String topic, String payload) {
        try {
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            org.eclipse.paho.mqttv5.client.IMqttToken token = ((ReasonCodeClient) client).async().publish(topic, message);
            token.waitForCompletion(30_000);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** Subscribes at QoS 1 and returns the broker's SUBACK reason code (granted QoS, or 128 and up when refused). */
    public int subscribeForReasonCode(String filter) {
        try {
            org.eclipse.paho.mqttv5.client.IMqttToken token = client.subscribe(new MqttSubscription[]{new MqttSubscription(filter, 1)});
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? -1 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** Publishes at QoS 1 and returns once the broker has acknowledged the message. */
    public void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, byte[] payload) {
        long giveUp = System.nanoTime() + TOO_MANY_IN_PROGRESS_PATIENCE_NANOS;
        while (true) {
            try {
                client.publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                // Paho v5 at times refuses with "Too many publishes in progress" although this
                // client waits for each publish (eclipse-paho/paho.mqtt.java#993; seen here right
                // after connecting). The refusal is the client's own and nothing was sent, so
                // sending again is safe.
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > giveUp) {
                    throw new IllegalStateException("publish to " + topic + " failed: " + e, e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    /** Subscribes at QoS 1; returns once the broker granted the subscription. */
    public void subscribe(String filter) {
        try {
            client.subscribe(new MqttSubscription[]{new MqttSubscription(filter, 1)});
        } catch (MqttException e) {
            throw new IllegalStateException("subscribe to " + filter + " failed: " + e, e);
        }
    }

    /** False once the broker dropped the connection (and while reconnecting). */
    public boolean isConnected() {
        return client.isConnected();
    }

    /** Everything received so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } catch (MqttException e) {
            // Closing a test client that already lost its broker is not a test failure.
        }
        try {
            // Forced: a client that lost its broker is reconnecting, and an unforced close refuses
            // then, leaving it to reconnect later under the same client id and take over the
            // session of the client that replaced it (seen after a broker restart).
            client.close(true);
        } catch (MqttException e) {
            // As above.
        }
    }
}
