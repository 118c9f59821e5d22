package dk.telemed.testsupport;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device publishing a burst of single-reading messages as fast as the broker takes them,
 * as {@code mosquitto_pub -l} does with a file of lines: QoS 1, a window of publishes in
 * flight, each message with its own msgId and timestamp. Reading {@code n} of the device is
 * stamped {@code firstTsMillis + n * stepMillis}, so a test can publish the next burst with
 * the numbers that follow and count each reading once in InfluxDB.
 */
public final class Burst {
    /** mosquitto_pub's default number of publishes in flight. */
    private static final int WINDOW = 20;
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(60);

    private final String brokerUrl;
    private final String deviceId;
    private final long firstTsMillis;
    private final long stepMillis;

    /** A device's bursts: readings stamped {@code firstTsMillis}, then every {@code stepMillis}. */
    public Burst(String brokerUrl, String deviceId, long firstTsMillis, long stepMillis) {
        this.brokerUrl = brokerUrl;
        this.deviceId = deviceId;
        this.firstTsMillis = firstTsMillis;
        this.stepMillis = stepMillis;
    }

    /**
     * Publishes readings {@code from} to {@code from + count - 1} of the device and returns
     * once the broker has acknowledged each one; fails if it did not within a minute.
     */
    public void publish(long from, int count) {
        String clientId = "burst-" + deviceId + "-" + from;
        MqttAsyncClient client = null;
        try {
            client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            client.connect(options).waitForCompletion(10_000);
            Semaphore inFlight = new Semaphore(WINDOW);
            AtomicLong confirmed = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            for (long n = from; n < from + count; n++) {
                if (!inFlight.tryAcquire(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(clientId + ": the broker acknowledged nothing for " + CONFIRM_TIMEOUT);
                }
                client.publish(topic(), payload(n), 1, false, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        confirmed.incrementAndGet();
                        inFlight.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable exception) {
                        failed.incrementAndGet();
                        inFlight.release();
                    }
                });
            }
            if (!inFlight.tryAcquire(WINDOW, CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(clientId + ": " + (count - confirmed.get()) + " publishes not acknowledged");
            }
            if (failed.get() > 0) {
                throw new AssertionError(clientId + ": " + failed.get() + " of " + count + " publishes failed");
            }
        } catch (MqttException e) {
            throw new IllegalStateException(clientId + " cannot publish to " + brokerUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (client != null) {
                try {
                    if (client.isConnected()) {
                        client.disconnect().waitForCompletion(5_000);
                    }
                    client.close(true);
                } catch (MqttException e) {
                    // A burst whose broker went away closes anyway.
                }
            }
        }
    }

    public String topic() {
        return "telemed/v1/devices/" + deviceId + "/readings";
    }

    /** Reading {@code n}: a pulse between 55 and 94 /min, msgId {@code {device}-{n}}. */
    public byte[] payload(long n) {
        return "{\"msgId\": \"%s-%d\", \"ts\": %d, \"type\": \"pulse\", \"value\": %d, \"unit\": \"/min\"}"
                .formatted(deviceId, n, firstTsMillis + n * stepMillis, 55 + (int) (n % 40))
                .getBytes(StandardCharsets.UTF_8);
    }
}
