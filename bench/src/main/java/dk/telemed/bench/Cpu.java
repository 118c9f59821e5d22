package dk.telemed.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory of several processes through a run, sampled from /proc every
 * {@value #INTERVAL_MS} ms, so CPU can be given for exactly the window a rate was measured
 * over. A process that has exited keeps its last sample.
 */
public final class Cpu implements AutoCloseable {
    static final long INTERVAL_MS = 250;

    private final List<Long> pids;
    private final Sampler<List<ProcessStats.Snapshot>> sampler;
    private final Long jvmPid;
    private Map<String, Long> threadsAtStart;
    private long threadsStartNanos;

    private Cpu(List<Long> pids, Long jvmPid) {
        this.pids = List.copyOf(pids);
        this.jvmPid = jvmPid;
        this.sampler = Sampler.start("cpu", INTERVAL_MS, this::readAll);
    }

    /** Watches these processes until closed. */
    public static Cpu watch(List<Long> pids) {
        return new Cpu(pids, null);
    }

    /** Watches these processes, and the threads of {@code jvmPid} (one of them) between {@link #markThreads()} calls. */
    public static Cpu watch(List<Long> pids, long jvmPid) {
        return new Cpu(pids, jvmPid);
    }

    private List<ProcessStats.Snapshot> readAll() {
        List<ProcessStats.Snapshot> all = new ArrayList<>(pids.size());
        List<ProcessStats.Snapshot> previous = sampler == null ? null : sampler.last();
        for (int i = 0; i < pids.size(); i++) {
            ProcessStats.Snapshot s;
            try {
                s = ProcessStats.read(pids.get(i));
            } catch (RuntimeException gone) {
                s = previous == null ? null : previous.get(i);
            }
            all.add(s);
        }
        return all;
    }

    /** Average cores used by process i between two instants (interpolated between samples). */
    public double cores(int i, long fromNanos, long toNanos) {
        List<Rates.Sample> ticks = series(i, true);
        if (ticks.size() < 2) {
            return Double.NaN;
        }
        return Rates.perSecond(ticks, fromNanos, toNanos) / ProcessStats.TICKS_PER_SECOND;
    }

    /** CPU seconds used by process i between two instants. */
    public double cpuSeconds(int i, long fromNanos, long toNanos) {
        List<Rates.Sample> ticks = series(i, true);
        return ticks.size() < 2 ? Double.NaN
                : (Rates.valueAt(ticks, toNanos) - Rates.valueAt(ticks, fromNanos)) / ProcessStats.TICKS_PER_SECOND;
    }

    /** The largest resident set sampled for process i between two instants, MiB. */
    public double maxRssMiB(int i, long fromNanos, long toNanos) {
        return Rates.maxWithin(series(i, false), fromNanos, toNanos) / 1024.0;
    }

    /** Peak resident set of process i since it started (VmHWM), MiB, as last sampled. */
    public double peakRssMiB(int i) {
        List<ProcessStats.Snapshot> last = sampler.last();
        return last == null || last.get(i) == null ? Double.NaN : last.get(i).peakRssKiB() / 1024.0;
    }

    /** Starts (or restarts) the per-thread account of the JVM. */
    public void markThreads() {
        threadsAtStart = ProcessStats.threadTicks(jvmPid);
        threadsStartNanos = System.nanoTime();
    }

    /** Cores per thread group of the JVM since {@link #markThreads()}. */
    public Map<String, Double> threadsSinceMark() {
        Map<String, Long> now = ProcessStats.threadTicks(jvmPid);
        return ProcessStats.coresByGroup(threadsAtStart, now, (System.nanoTime() - threadsStartNanos) / 1e9);
    }

    private List<Rates.Sample> series(int i, boolean cpu) {
        List<Rates.Sample> out = new ArrayList<>();
        for (List<ProcessStats.Snapshot> all : sampler.samples()) {
            ProcessStats.Snapshot s = all.get(i);
            if (s != null) {
                out.add(new Rates.Sample(s.nanos(), cpu ? s.cpuTicks() : s.rssKiB()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        sampler.close();
    }
}
