package dk.telemed.gateway.store;

import java.util.concurrent.atomic.AtomicReference;

/** Whether InfluxDB answered its last ping or write; read by /ready. */
public final class StoreHealth {
    private final AtomicReference<String> problem = new AtomicReference<>("not checked yet");

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
