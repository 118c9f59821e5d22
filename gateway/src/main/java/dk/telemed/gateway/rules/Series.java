package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.LevelStatistic;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * One patient's readings of one type, in time order, in two arrays: a time in epoch
 * nanoseconds and a value, 16 bytes a reading where a map of Instants to Doubles took about
 * 90. A dense series (a CGM every five minutes, a hub's week of backlog) then fits the heap,
 * and a window of readings is found by a binary search and walked without a pointer per
 * reading.
 *
 * <p>The trend rules ask, at every reading, for the minimum and maximum ({@link Extremes}) or
 * a percentile ({@link Sorted}) of the readings in a window before it. Each is kept per window
 * length and moved along as readings come in time order, by a reading or two: the extremes as
 * two monotonic queues of positions, the percentile's values sorted, which costs a binary
 * search and a short array copy, not a walk and a sort of the whole window.
 *
 * <p>Readings are held from index {@code start} to {@code end} of the arrays. Readings dropped
 * from the front stay in the arrays until they are compacted, so a sorted window moving along
 * can still take their values out. A reading's position counts from the first reading the
 * series ever held ({@code origin} + array index) and does not change when readings are
 * dropped from the front or added at the end; anything else (a reading put between others, a
 * value replaced) is a reshape, after which each window is worked out afresh.
 *
 * <p>Not thread-safe: a series is built by the store's reader on a worker, then used by its
 * cache's event loop only.
 */
public final class Series {
    private static final int FIRST_CAPACITY = 8;
    private static final Window[] NO_WINDOWS = new Window[0];
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MOST_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND - 1;
    private static final long LEAST_SECONDS = Long.MIN_VALUE / NANOS_PER_SECOND + 1;
    /**
     * The objects around the arrays, per series: the series and its two array headers, and what
     * its cache keeps beside it (an entry with its queue of waiting uses, a slot in a patient's map).
     */
    private static final long OBJECTS_BYTES = 256;
    /** A window and its arrays' headers. */
    private static final long WINDOW_BYTES = 96;

    private long[] times;
    private double[] values;
    private int start;
    private int end;
    /** The position of array index 0. */
    private long origin;
    /** Counts the changes that moved or altered held readings other than at the ends. */
    private int reshapes;
    private Window[] windows = NO_WINDOWS;

    public Series() {
        this(FIRST_CAPACITY);
    }

    private Series(int capacity) {
        times = new long[Math.max(1, capacity)];
        values = new double[times.length];
    }

    /**
     * The heap this series takes: its arrays, with their room to grow, and each window's, counted
     * exactly; the objects around them estimated ({@link #OBJECTS_BYTES}).
     */
    public long footprint() {
        long bytes = OBJECTS_BYTES + (long) times.length * (Long.BYTES + Double.BYTES);
        for (Window w : windows) {
            bytes += WINDOW_BYTES + w.arrayBytes();
        }
        return bytes;
    }

    public int size() {
        return end - start;
    }

    public boolean isEmpty() {
        return end == start;
    }

    /** The time of the {@code i}th reading, the oldest being the 0th. */
    public Instant time(int i) {
        return instant(times[start + checked(i)]);
    }

    public double value(int i) {
        return values[start + checked(i)];
    }

    /** The newest reading's time; the series must not be empty. */
    public Instant newest() {
        return time(size() - 1);
    }

    /** The oldest reading's time; the series must not be empty. */
    public Instant oldest() {
        return time(0);
    }

    /** The index of the reading at {@code ts}, or -1 when there is none. */
    public int indexOf(Instant ts) {
        int i = Arrays.binarySearch(times, start, end, nanos(ts, false));
        return i >= 0 ? i - start : -1;
    }

    /** How many readings lie strictly before {@code ts}: the index of the first at or after it. */
    public int countBefore(Instant ts) {
        return firstAtOrAfter(nanos(ts, false)) - start;
    }

    /** How many readings lie at or before {@code ts}. */
    public int countUpTo(Instant ts) {
        long t = nanos(ts, false);
        return t == Long.MAX_VALUE ? size() : firstAtOrAfter(t + 1) - start;
    }

    /** Puts a reading; one at the same time is replaced. */
    public void put(Instant ts, double value) {
        long t = nanos(ts, true);
        if (end == start || t > times[end - 1]) {
            append(t, value);
            return;
        }
        int i = Arrays.binarySearch(times, start, end, t);
        reshapes++;
        if (i >= 0) {
            values[i] = value;
            return;
        }
        int at = -i - 1;
        if (end == times.length) {
            makeRoom();
            at = -Arrays.binarySearch(times, start, end, t) - 1;
        }
        System.arraycopy(times, at, times, at + 1, end - at);
        System.arraycopy(values, at, values, at + 1, end - at);
        times[at] = t;
        values[at] = value;
        end++;
    }

    /** Drops the {@code n} oldest readings. */
    public void dropOldest(int n) {
        start += Math.min(Math.max(0, n), size());
    }

    /** Drops the readings strictly before {@code ts}. */
    public void dropBefore(Instant ts) {
        start = firstAtOrAfter(nanos(ts, false));
    }

    /**
     * A new series of these readings and {@code others}; where both have a reading at the same
     * time, this series' one is kept (it is the one the rules have already seen or put).
     */
    public Series mergedWith(Series others) {
        Series merged = new Series(size() + others.size());
        int i = start;
        for (int j = others.start; j < others.end; j++) {
            long t = others.times[j];
            while (i < end && times[i] < t) {
                merged.append(times[i], values[i++]);
            }
            if (i == end || times[i] != t) {
                merged.append(t, others.values[j]);
            }
        }
        while (i < end) {
            merged.append(times[i], values[i++]);
        }
        return merged;
    }

    /** A copy, as a map of time to value. */
    public NavigableMap<Instant, Double> toMap() {
        NavigableMap<Instant, Double> map = new TreeMap<>();
        for (int i = start; i < end; i++) {
            map.put(instant(times[i]), values[i]);
        }
        return map;
    }

    /**
     * The extremes of the readings within {@code length} before the {@code at}th reading, from
     * its time less {@code length} (inclusive) up to the reading itself (exclusive): what a
     * change rule compares the reading against. Kept for the next reading and moved along; valid
     * until the series next changes.
     */
    Extremes extremes(Duration length, int at) {
        return window(Extremes.class, length, at, Extremes::new);
    }

    /** As {@link #extremes}, with the window's values sorted: for a percentile. */
    Sorted sorted(Duration length, int at) {
        return window(Sorted.class, length, at, Sorted::new);
    }

    private <W extends Window> W window(Class<W> kind, Duration length, int at, LongFunction<W> make) {
        long lengthNanos = length.toNanos();
        W w = null;
        for (Window candidate : windows) {
            if (candidate.lengthNanos == lengthNanos && kind.isInstance(candidate)) {
                w = kind.cast(candidate);
                break;
            }
        }
        if (w == null) {
            w = make.apply(lengthNanos);
            windows = Arrays.copyOf(windows, windows.length + 1);
            windows[windows.length - 1] = w;
        }
        int reading = start + checked(at);
        long from = times[reading] - lengthNanos;
        int first = from > times[reading] ? reading : firstAtOrAfter(from);
        w.move(origin + first, origin + reading);
        return w;
    }

    private void append(long t, double value) {
        if (end == times.length) {
            makeRoom();
        }
        times[end] = t;
        values[end++] = value;
    }

    private int firstAtOrAfter(long t) {
        int i = Arrays.binarySearch(times, start, end, t);
        return i >= 0 ? i : -i - 1;
    }

    /** Compacts the dropped readings away when they are a quarter or more of the arrays, grows them otherwise. */
    private void makeRoom() {
        int size = size();
        int capacity = start > 0 && start >= times.length / 4 ? times.length
                : Math.max(FIRST_CAPACITY, times.length + (times.length >> 1));
        long[] t = capacity == times.length ? times : new long[capacity];
        double[] v = capacity == times.length ? values : new double[capacity];
        System.arraycopy(times, start, t, 0, size);
        System.arraycopy(values, start, v, 0, size);
        times = t;
        values = v;
        origin += start;
        start = 0;
        end = size;
    }

    private int checked(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("reading " + i + " of a series of " + size());
        }
        return i;
    }

    /**
     * Epoch nanoseconds, as InfluxDB keeps a time. Out of that range: an error for a reading
     * ({@code exact}), or the nearest end of the range for a bound (a search from
     * {@link Instant#MIN} finds every reading).
     */
    static long nanos(Instant ts, boolean exact) {
        long seconds = ts.getEpochSecond();
        if (seconds > MOST_SECONDS || seconds < LEAST_SECONDS) {
            if (exact) {
                throw new IllegalArgumentException("a reading's time must lie within InfluxDB's range, got " + ts);
            }
            return seconds > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return seconds * NANOS_PER_SECOND + ts.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /** The readings from one position up to another, kept as they move along. */
    abstract class Window {
        final long lengthNanos;
        long from;
        long to;
        private int shapeSeen = -1;

        Window(long lengthNanos) {
            this.lengthNanos = lengthNanos;
        }

        /** How many readings are in the window. */
        int count() {
            return (int) (to - from);
        }

        final void move(long newFrom, long newTo) {
            boolean sameShape = shapeSeen == reshapes;
            if (!(sameShape && newFrom == from && newTo == to)) {
                moved(sameShape && newFrom >= from && newTo >= to, newFrom, newTo);
                from = newFrom;
                to = newTo;
                shapeSeen = reshapes;
            }
        }

        /** Takes the window from {@code from}..{@code to} to the new positions, which lie {@code forwards} or anywhere. */
        abstract void moved(boolean forwards, long newFrom, long newTo);

        abstract long arrayBytes();

        double valueAt(long position) {
            return values[(int) (position - origin)];
        }
    }

    /**
     * The lowest and highest value, as two queues of positions whose values rise (lows) or fall
     * (highs) from oldest to newest: a reading that comes pushes out the ones it outdoes, the
     * front leaves with the window. Each reading enters and leaves once.
     */
    final class Extremes extends Window {
        private final PositionQueue lows = new PositionQueue();
        private final PositionQueue highs = new PositionQueue();

        Extremes(long lengthNanos) {
            super(lengthNanos);
        }

        /** The lowest value; the window must not be empty. */
        double lowest() {
            return valueAt(lows.first());
        }

        /** The highest value; the window must not be empty. */
        double highest() {
            return valueAt(highs.first());
        }

        @Override
        void moved(boolean forwards, long newFrom, long newTo) {
            long enter = to;
            if (!forwards || newFrom >= to) {
                lows.clear();
                highs.clear();
                enter = newFrom;
            }
            for (long p = enter; p < newTo; p++) {
                double v = valueAt(p);
                while (!lows.isEmpty() && valueAt(lows.last()) >= v) {
                    lows.removeLast();
                }
                lows.addLast(p);
                while (!highs.isEmpty() && valueAt(highs.last()) <= v) {
                    highs.removeLast();
                }
                highs.addLast(p);
            }
            while (!lows.isEmpty() && lows.first() < newFrom) {
                lows.removeFirst();
            }
            while (!highs.isEmpty() && highs.first() < newFrom) {
                highs.removeFirst();
            }
        }

        @Override
        long arrayBytes() {
            return lows.bytes() + highs.bytes();
        }
    }

    /**
     * The values sorted, for a percentile. Moving it forwards takes out the values that left
     * (still in the arrays unless compacted) and puts in those that came; anything else sorts
     * it anew.
     */
    final class Sorted extends Window {
        private double[] sorted = new double[FIRST_CAPACITY];
        private int count;

        Sorted(long lengthNanos) {
            super(lengthNanos);
        }

        /** The statistic of the values, as {@link LevelStatistic#of} would give it; the window must not be empty. */
        double statistic(LevelStatistic statistic) {
            return statistic.ofSorted(sorted, count);
        }

        @Override
        void moved(boolean forwards, long newFrom, long newTo) {
            long moves = (newFrom - from) + (newTo - to);
            // The values that leave must still be in the arrays.
            if (forwards && newFrom <= to && from >= origin && moves <= 8 + (count >> 2)) {
                for (long p = from; p < newFrom; p++) {
                    remove(valueAt(p));
                }
                for (long p = to; p < newTo; p++) {
                    add(valueAt(p));
                }
                return;
            }
            count = (int) (newTo - newFrom);
            if (sorted.length < count) {
                sorted = new double[Math.max(count, sorted.length + (sorted.length >> 1))];
            }
            System.arraycopy(values, (int) (newFrom - origin), sorted, 0, count);
            Arrays.sort(sorted, 0, count);
        }

        @Override
        long arrayBytes() {
            return (long) sorted.length * Double.BYTES;
        }

        private void add(double v) {
            if (count == sorted.length) {
                sorted = Arrays.copyOf(sorted, sorted.length + (sorted.length >> 1));
            }
            int i = Arrays.binarySearch(sorted, 0, count, v);
            int at = i >= 0 ? i : -i - 1;
            System.arraycopy(sorted, at, sorted, at + 1, count - at);
            sorted[at] = v;
            count++;
        }

        private void remove(double v) {
            int i = Arrays.binarySearch(sorted, 0, count, v);
            System.arraycopy(sorted, i + 1, sorted, i, count - i - 1);
            count--;
        }
    }

    /** A double-ended queue of positions in a ring of longs, its length a power of two so that a slot is a mask away. */
    private static final class PositionQueue {
        private long[] ring = new long[FIRST_CAPACITY];
        private int head;
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        long first() {
            return ring[head];
        }

        long last() {
            return ring[(head + size - 1) & (ring.length - 1)];
        }

        void addLast(long position) {
            if (size == ring.length) {
                long[] grown = new long[ring.length * 2];
                for (int i = 0; i < size; i++) {
                    grown[i] = ring[(head + i) & (ring.length - 1)];
                }
                ring = grown;
                head = 0;
            }
            ring[(head + size++) & (ring.length - 1)] = position;
        }

        void removeFirst() {
            head = (head + 1) & (ring.length - 1);
            size--;
        }

        void removeLast() {
            size--;
        }

        void clear() {
            head = 0;
            size = 0;
        }

        long bytes() {
            return (long) ring.length * Long.BYTES;
        }
    }
}
