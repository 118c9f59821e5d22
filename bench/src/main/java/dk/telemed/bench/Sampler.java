package dk.telemed.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Calls a probe at a fixed interval on its own thread and keeps what it returns, so a counter
 * can be turned into a rate over any window afterwards (see {@link Rates}). A probe that
 * throws (a process that is gone) is skipped; {@link #failures()} counts those.
 */
public final class Sampler<T> implements AutoCloseable {
    private final Supplier<T> probe;
    private final long intervalMillis;
    private final List<T> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int failures;

    private Sampler(String name, Supplier<T> probe, long intervalMillis) {
        this.probe = probe;
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::loop, "sampler-" + name);
        this.thread.setDaemon(true);
    }

    public static <T> Sampler<T> start(String name, long intervalMillis, Supplier<T> probe) {
        Sampler<T> s = new Sampler<>(name, probe, intervalMillis);
        s.thread.start();
        return s;
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            try {
                T sample = probe.get();
                synchronized (samples) {
                    samples.add(sample);
                }
            } catch (RuntimeException e) {
                synchronized (samples) {
                    failures++;
                }
            }
            next += intervalMillis * 1_000_000L;
            long sleep = (next - System.nanoTime()) / 1_000_000L;
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    public List<T> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The latest sample, or null before the first. */
    public T last() {
        synchronized (samples) {
            return samples.isEmpty() ? null : samples.get(samples.size() - 1);
        }
    }

    public int failures() {
        synchronized (samples) {
            return failures;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
