package dk.telemed.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * A clock that stands still until the test moves it, injected where the code under test would
 * read the time, so a test never sleeps to let time pass. In UTC.
 */
public final class ManualClock extends Clock {
    private final Supplier<Instant> instants;
    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = start;
        this.instants = () -> now;
    }

    private ManualClock(Supplier<Instant> instants) {
        this.instants = instants;
    }

    /** A clock whose every reading is the supplier's next instant (for code that reads the time several times). */
    public static ManualClock reading(Supplier<Instant> instants) {
        return new ManualClock(instants);
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant t) {
        now = t;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return instants.get();
    }
}
