package dk.telemed.testsupport;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real Paho MQTT v5 client for tests: publishes as a device (QoS 1, waits for the broker's
 * ack) and records what it receives on its subscriptions, as a nurses' system would.
 */
public final class MqttTestClient implements AutoCloseable {
    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** A message as received, with its topic. */
    public record Received(String topic, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private MqttTestClient(MqttClient client) {
        this.client = client;
    }

    public static MqttTestClient connect(String url, String clientId) {
        try {
            MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setAutomaticReconnect(true);
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
            return test;
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect test client " + clientId + " to " + url + ": " + e, e);
        }
    }

    /** Publishes at QoS 1 and returns once the broker has acknowledged the message. */
    public void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, byte[] payload) {
        try {
            client.publish(topic, payload, 1, false);
        } catch (MqttException e) {
            throw new IllegalStateException("publish to " + topic + " failed: " + e, e);
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

    /** Everything received so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException e) {
            // Closing a test client that already lost its broker is not a test failure.
        }
    }
}
