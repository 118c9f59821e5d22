package dk.telemed.sim.mqtt;

/**
 * What one publish is worth in the run's counters.
 *
 * @param readings how many readings the message carries (0 for a status message)
 */
public record Delivery(MessageKind kind, int readings) {

    public static final Delivery STATUS = new Delivery(MessageKind.STATUS, 0);
    /** A symptom response: the patient's answers, no readings. */
    public static final Delivery RESPONSE = new Delivery(MessageKind.RESPONSE, 0);

    public static Delivery readings(int readings) {
        return new Delivery(MessageKind.READINGS, readings);
    }
}
