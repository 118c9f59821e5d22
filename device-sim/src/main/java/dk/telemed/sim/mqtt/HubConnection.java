package dk.telemed.sim.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One MQTT v5 connection acting as the home hub for a share of the devices.
 *
 * <p>No last will: a will names a single topic, but this connection speaks for many devices, so
 * a per-device {@code {"online":false}} cannot be expressed; the retained status of each device
 * is published on every (re)connect instead.
 */
final class HubConnection implements MqttCallback {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String name;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final int maxInflight;
    private final DeliveryListener listener;
    private final BooleanSupplier stopRequested;
    private final Consumer<String> log;
    private final Set<InFlight> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger session = new AtomicInteger();
    private final AtomicBoolean fresh = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * The in-flight window. Deliberately a plain semaphore that wakes the publisher on every
     * acknowledgement: letting several acks pile up before publishing again (tried, to save
     * wake-ups) stalls for the broker's delayed-ACK timeout, because Mosquitto leaves Nagle on
     * for its PUBACKs and our next publish is what carries the TCP ACK they wait for.
     */
    private volatile Semaphore window;
    private volatile int windowSize;

    /** Shared by all publishes: the token's user context says which one completed. */
    private final MqttActionListener outcome = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            complete((InFlight) token.getUserContext(), true);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            complete((InFlight) token.getUserContext(), false);
        }
    };

    HubConnection(String url, String clientId, int maxInflight, DeliveryListener listener,
            BooleanSupplier stopRequested, Consumer<String> log) throws MqttException {
        this.name = clientId;
        // Memory persistence: Paho's default file persistence would write every QoS 1 message to disk.
        this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        this.maxInflight = maxInflight;
        this.listener = listener;
        this.stopRequested = stopRequested;
        this.log = log;
        options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        if (url.startsWith("tcp:")) {
            options.setSocketFactory(new TcpSocketFactory());
        }
        BrokerAccess.fromEnvironment(System.getenv()).applyTo(options);
        client.setCallback(this);
    }

    String name() {
        return name;
    }

    /** Connects and sizes the in-flight window; blocks up to the connection timeout. */
    void connect() throws MqttException {
        IMqttToken token = client.connect(options);
        token.waitForCompletion(TimeUnit.SECONDS.toMillis(15));
        if (!client.isConnected()) {
            throw new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
        }
        // Paho refuses a publish once the broker's Receive Maximum is in flight (error 32202),
        // so the window never exceeds what the broker grants.
        MqttProperties props = token.getResponseProperties();
        Integer receiveMaximum = props == null ? null : props.getReceiveMaximum();
        windowSize = Math.min(maxInflight, receiveMaximum == null || receiveMaximum <= 0 ? 65_535 : receiveMaximum);
        window = new Semaphore(windowSize);
        fresh.set(true);
    }

    int windowSize() {
        return windowSize;
    }

    boolean publish(String topic, byte[] payload, int qos, boolean retained, Delivery delivery) {
        if (!awaitConnected() || !awaitPermit()) {
            return false;
        }
        InFlight f = new InFlight(delivery, session.get());
        // Registered before handing over: the ack may arrive before publish() returns.
        pending.add(f);
        listener.sent(delivery);
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        message.setRetained(retained);
        try {
            client.publish(topic, message, f, outcome);
        } catch (MqttException | RuntimeException e) {
            complete(f, false);
        }
        return true;
    }

    int outstanding() {
        return pending.size();
    }

    boolean takeFresh() {
        return fresh.getAndSet(false);
    }

    private void complete(InFlight f, boolean ok) {
        if (f == null || !f.finish()) {
            return;
        }
        pending.remove(f);
        window.release();
        if (ok) {
            listener.acked(f.delivery);
        } else {
            listener.failed(f.delivery);
        }
    }

    private boolean awaitPermit() {
        try {
            while (!window.tryAcquire(POLL_NANOS, TimeUnit.NANOSECONDS)) {
                if (stopRequested.getAsBoolean()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean awaitConnected() {
        while (!client.isConnected()) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    /** Disconnects and fails whatever is still unanswered; safe to call twice. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            // Closing anyway; nothing the user can act on.
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // As above.
        }
        // Whatever is still unanswered will never be: count it, so sent = acked + failed.
        if (window != null) {
            for (InFlight f : pending) {
                complete(f, false);
            }
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        session.incrementAndGet();
        if (!stopRequested.getAsBoolean()) {
            String reason = response.getException() != null ? response.getException().getMessage()
                    : response.getReasonString() != null ? response.getReasonString()
                    : "reason code " + response.getReturnCode();
            log.accept(name + " lost the broker (" + reason + "); reconnecting");
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        if (!reconnect) {
            return;
        }
        // Clean start: the broker forgot the old session, so its unacknowledged publishes are lost.
        // Paho normally fails them itself; this catches any it did not, so the window cannot leak.
        int current = session.get();
        for (InFlight f : pending) {
            if (f.session < current) {
                complete(f, false);
            }
        }
        fresh.set(true);
        log.accept(name + " reconnected to " + serverURI);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        log.accept(name + ": " + exception.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        // Publishes only; nothing is subscribed.
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // Outcomes arrive through the per-publish listener.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // No enhanced authentication.
    }
}
