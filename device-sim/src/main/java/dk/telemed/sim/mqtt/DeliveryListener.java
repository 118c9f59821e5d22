package dk.telemed.sim.mqtt;

/**
 * Told about every publish: {@code sent} once when it is handed to the client, then exactly one
 * of {@code acked} or {@code failed}. Called from client threads; implementations must be
 * thread-safe and must not block.
 */
public interface DeliveryListener {

    void sent(Delivery delivery);

    void acked(Delivery delivery);

    void failed(Delivery delivery);
}
