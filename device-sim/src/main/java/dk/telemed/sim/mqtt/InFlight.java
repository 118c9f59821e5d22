package dk.telemed.sim.mqtt;

import java.util.concurrent.atomic.AtomicBoolean;

/** One publish awaiting its outcome; completes once even if the client reports it twice. */
final class InFlight {

    final Delivery delivery;
    /** Which broker session it was sent in; anything from an earlier session is lost on reconnect. */
    final int session;
    private final AtomicBoolean done = new AtomicBoolean();

    InFlight(Delivery delivery, int session) {
        this.delivery = delivery;
        this.session = session;
    }

    /** @return true for the first caller only */
    boolean finish() {
        return done.compareAndSet(false, true);
    }
}
