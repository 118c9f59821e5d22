package dk.telemed.sim.population;

/**
 * The home devices a patient can have. The declaration order is the order in which a patient's
 * devices are listed in the registry.
 */
public enum DeviceKind {
    OXIMETER("oxi", false, "NoninConnect"),
    SPIROMETER("spiro", true, "AirNext"),
    GLUCOMETER("gluco", false, "ContourLink"),
    BP_CUFF("bp", true, "BPM-Core"),
    SCALE("scale", false, "BodyScale");

    private final String prefix;
    private final boolean sendsBatch;
    private final String firmwareFamily;

    DeviceKind(String prefix, boolean sendsBatch, String firmwareFamily) {
        this.prefix = prefix;
        this.sendsBatch = sendsBatch;
        this.firmwareFamily = firmwareFamily;
    }

    /** The start of the device id, e.g. {@code oxi} in {@code oxi-0001}. */
    public String prefix() {
        return prefix;
    }

    /**
     * Whether one measurement session goes out as one batch message. A spirometry manoeuvre and a
     * blood-pressure measurement each yield several values that belong together.
     */
    public boolean sendsBatch() {
        return sendsBatch;
    }

    public String firmwareFamily() {
        return firmwareFamily;
    }
}
