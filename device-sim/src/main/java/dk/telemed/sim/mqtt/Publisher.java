package dk.telemed.sim.mqtt;

import java.util.List;

/** Where the simulator's messages go; one or more hub connections to the broker. */
public interface Publisher extends AutoCloseable {

    /**
     * Publishes asynchronously. Blocks the caller (never a client thread) while the connection is
     * down or its in-flight window is full.
     *
     * @return false if the run was stopped before the message could be handed over; it is then
     *     neither sent nor counted
     */
    boolean publish(int connection, String topic, byte[] payload, int qos, boolean retained, Delivery delivery);

    /** Publishes handed over and not yet acknowledged or failed, over all connections. */
    int outstanding();

    /**
     * Connections that have connected or reconnected since the last call: their devices'
     * retained status should be published (again).
     */
    List<Integer> takeFreshConnections();

    @Override
    void close();
}
