package dk.telemed.gateway.store;

import java.util.concurrent.atomic.AtomicReference;

/** Whether InfluxDB answered its last ping or write; read by /ready, and by the liveness check. */
public final class StoreHealth {
    private final AtomicReference<String> problem = new AtomicReference<>("not checked yet");
    private volatile boolean pingAnswered;

    void pinged(boolean answered) {
        pingAnswered = answered;
    }

    /**
     * Whether InfluxDB answered its last ping (/ping, which needs neither the query engine nor
     * credentials): the gateway's liveness check asks it, since a gateway waiting for an
     * InfluxDB that does not answer at all is not stalled.
     */
    public boolean answersPing() {
        return pingAnswered;
    }

    void up() {
        problem.set(null);
    }

    void down(String why) {
        problem.set(why);
    }

    public boolean isUp() {
        return problem.get() == null;
    }

    /** Why InfluxDB is not usable, or null while it is. */
    public String problem() {
        return problem.get();
    }
}
