package dk.telemed.sim.run;

/** Whether the run should stop: a signal arrived, or its --duration is up. */
public final class RunControl {

    private volatile boolean stopRequested;
    private volatile long deadlineNanos = Long.MAX_VALUE;

    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    public void deadline(long nanos) {
        deadlineNanos = nanos;
    }

    public long deadline() {
        return deadlineNanos;
    }

    public boolean shouldStop(long nowNanos) {
        return stopRequested || nowNanos - deadlineNanos >= 0;
    }
}
