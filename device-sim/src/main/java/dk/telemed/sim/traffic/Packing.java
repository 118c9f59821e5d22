package dk.telemed.sim.traffic;

/**
 * How readings are packed into messages.
 *
 * @param batchSize 0 for the devices' natural packing (one message per reading, or per session
 *     for spirometers and BP cuffs), else K readings of one device per batch message
 */
public record Packing(int batchSize) {

    public static final Packing NATURAL = new Packing(0);

    public Packing {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be ≥ 0");
        }
    }

    public boolean natural() {
        return batchSize == 0;
    }
}
