package dk.telemed.sim.mqtt;

import org.eclipse.paho.mqttv5.common.MqttException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The run's connections to the broker; devices are spread over them by patient. */
public final class MqttHub implements Publisher {

    private final List<HubConnection> connections;

    private MqttHub(List<HubConnection> connections) {
        this.connections = connections;
    }

    /**
     * Opens {@code count} connections, retrying for up to {@code connectDeadlineSeconds} in case
     * the broker is still starting.
     *
     * @throws MqttException when a connection cannot be made in that time
     */
    public static MqttHub connect(String url, String clientId, int count, int maxInflight,
            DeliveryListener listener, BooleanSupplier stopRequested, Consumer<String> log,
            int connectDeadlineSeconds) throws MqttException, InterruptedException {
        List<HubConnection> list = new ArrayList<>(count);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(connectDeadlineSeconds);
        try {
            for (int i = 0; i < count; i++) {
                String id = count == 1 ? clientId : clientId + "-" + i;
                HubConnection c = new HubConnection(url, id, maxInflight, listener, stopRequested, log);
                list.add(c);
                while (true) {
                    try {
                        c.connect();
                        break;
                    } catch (MqttException e) {
                        if (System.nanoTime() > deadline || stopRequested.getAsBoolean()) {
                            throw e;
                        }
                        log.accept(id + " cannot connect to " + url + " (" + e.getMessage() + "); retrying");
                        TimeUnit.SECONDS.sleep(1);
                    }
                }
            }
        } catch (MqttException | InterruptedException | RuntimeException e) {
            list.forEach(HubConnection::close);
            throw e;
        }
        return new MqttHub(list);
    }

    /** The in-flight window of each connection: --max-inflight capped by the broker's Receive Maximum. */
    public int windowSize() {
        return connections.get(0).windowSize();
    }

    @Override
    public boolean publish(int connection, String topic, byte[] payload, int qos, boolean retained,
            Delivery delivery) {
        return connections.get(connection).publish(topic, payload, qos, retained, delivery);
    }

    @Override
    public int outstanding() {
        int sum = 0;
        for (HubConnection c : connections) {
            sum += c.outstanding();
        }
        return sum;
    }

    @Override
    public List<Integer> takeFreshConnections() {
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            if (connections.get(i).takeFresh()) {
                fresh.add(i);
            }
        }
        return fresh;
    }

    @Override
    public void close() {
        connections.forEach(HubConnection::close);
    }
}
