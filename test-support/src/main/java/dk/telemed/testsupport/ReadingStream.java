package dk.telemed.testsupport;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Devices streaming pulse readings at QoS 1 at a steady rate, for fault tests: every reading
 * has its own timestamp and msgId, so the store's count of points is the count of distinct
 * readings. {@link #confirmed()} counts the readings the broker acknowledged: the ones the
 * gateway owes to InfluxDB whatever fails later. The client starts clean on every connect:
 * Paho's resending of in-flight publishes on a resumed session exceeds Mosquitto's window and
 * gets the client thrown out, and what was in flight was never confirmed anyway.
 *
 * <p>The publishing thread reconnects by itself, as the gateway's own connection does, rather
 * than through Paho's automatic reconnect: after a broker restart that one sometimes never came
 * back, and the stream stood still for the rest of the test. A publish lost with its connection
 * may never hear back, so every connect opens a fresh window.
 */
public final class ReadingStream implements AutoCloseable {
    private final MqttAsyncClient client;
    private final List<String> devices;
    private final long periodNanos;
    private final long firstTsMillis;
    /**
     * Publishes awaiting the broker's ack, kept below Mosquitto's Receive Maximum (20). Paho
     * checks that limit for new publishes, but after a reconnect it resends what was in flight
     * without counting it, so a larger window let resends plus new publishes exceed the limit,
     * and Mosquitto answered every reconnect with "protocol error".
     */
    private static final int WINDOW = 10;
    private final Semaphore inFlight = new Semaphore(0);
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Counts connections; an answer to a publish of an earlier one frees no place in the window. */
    private final AtomicLong connection = new AtomicLong();
    private final MqttConnectionOptions options;
    private final Thread publisher;

    private ReadingStream(MqttAsyncClient client, MqttConnectionOptions options, List<String> devices, int perSecond, long firstTsMillis) {
        this.client = client;
        this.options = options;
        this.devices = List.copyOf(devices);
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.firstTsMillis = firstTsMillis;
        this.publisher = new Thread(this::publishLoop, "reading-stream-" + client.getClientId());
        this.publisher.setDaemon(true);
    }

    /**
     * Starts publishing one pulse reading per message, round-robin over {@code devices}, at
     * {@code perSecond} messages per second; reading n is stamped {@code firstTsMillis + n} ms.
     */
    public static ReadingStream start(String brokerUrl, String clientId, List<String> devices, int perSecond, long firstTsMillis) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setConnectionTimeout(5);
            ReadingStream stream = new ReadingStream(client, options, devices, perSecond, firstTsMillis);
            client.connect(options).waitForCompletion(10_000);
            stream.publisher.start();
            return stream;
        } catch (MqttException e) {
            throw new IllegalStateException("reading stream " + clientId + " cannot connect to " + brokerUrl + ": " + e, e);
        }
    }

    private void publishLoop() {
        long next = System.nanoTime();
        long n = 0;
        // Only this thread connects after the first connect, so it sees every new connection here.
        boolean connected = false;
        while (running.get()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            next += periodNanos;
            if (!client.isConnected()) {
                connected = false;
                reconnect();
                next = System.nanoTime();
                continue;
            }
            if (!connected) {
                connected = true;
                connection.incrementAndGet();
                inFlight.drainPermits();
                inFlight.release(WINDOW);
            }
            if (inFlight.tryAcquire()) {
                publish(n++);
            }
        }
    }

    /** One attempt, bounded; the loop comes back here until the broker takes the client again. */
    private void reconnect() {
        try {
            client.connect(options).waitForCompletion(6_000);
        } catch (MqttException e) {
            // Broker still away, or the attempt still under way: wait a little and try again.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
    }

    private void publish(long n) {
        long sentOn = connection.get();
        String device = devices.get((int) (n % devices.size()));
        String payload = "{\"msgId\": \"%s-%d\", \"ts\": %d, \"type\": \"pulse\", \"value\": %d, \"unit\": \"/min\"}"
                .formatted(client.getClientId(), n, firstTsMillis + n, 55 + (int) (n % 40));
        attempted.incrementAndGet();
        try {
            client.publish("telemed/v1/devices/" + device + "/readings", payload.getBytes(StandardCharsets.UTF_8), 1, false, null,
                    new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            confirmed.incrementAndGet();
                            release(sentOn);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable exception) {
                            release(sentOn);
                        }
                    });
        } catch (MqttException e) {
            // Not taken by the client (e.g. disconnected at that instant): no promise was made for this reading.
            release(sentOn);
        }
    }

    private void release(long sentOn) {
        if (sentOn == connection.get()) {
            inFlight.release();
        }
    }

    /** Readings the broker has acknowledged so far. */
    public long confirmed() {
        return confirmed.get();
    }

    public long attempted() {
        return attempted.get();
    }

    /** Stops publishing and waits (bounded) for the broker to acknowledge what is in flight. */
    public void stop(Duration timeout) {
        running.set(false);
        try {
            publisher.join(5_000);
            if (inFlight.tryAcquire(WINDOW, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                inFlight.release(WINDOW);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException e) {
            // A stream whose broker is gone closes anyway.
        }
    }
}
