package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.LevelStatistic;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One patient's readings of one type, in time order, in two arrays: a time in epoch
 * nanoseconds and a value, 16 bytes a reading where a map of Instants to Doubles took about
 * 90. A dense series (a CGM every five minutes, a hub's week of backlog) then fits the heap,
 * and a window of readings is found by a binary search and walked without a pointer per
 * reading.
 *
 * <p>The trend rules ask, at every reading, for the minimum, maximum or a percentile of the
 * readings in a window before it. Each window length keeps its values sorted
 * ({@link Window}); while readings come in time order the window moves along by a reading or
 * two, which costs a binary search and a short array copy, not a walk and a sort of the
 * whole window.
 *
 * <p>Readings are held from index {@code start} to {@code end} of the arrays. Readings dropped
 * from the front stay in the arrays until they are compacted, so a window moving along can
 * still take their values out of its sorted copy. A reading's position counts from the
 * first reading the series ever held ({@code origin} + array index) and does not change when
 * readings are dropped from the front or added at the end; anything else (a reading put
 * between others, a value replaced) is a reshape, after which each window sorts again.
 *
 * <p>Not thread-safe: a series is used by its cache's event loop only.
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
    static final long OBJECTS_BYTES = 256;
    /** A window and its array's header. */
    private static final long WINDOW_BYTES = 64;

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

    /** A series of the readings of {@code readings}. */
    public static Series of(NavigableMap<Instant, Double> readings) {
        Series s = new Series(readings.size());
        for (Map.Entry<Instant, Double> e : readings.entrySet()) {
            s.times[s.end] = nanos(e.getKey(), true);
            s.values[s.end++] = e.getValue();
        }
        return s;
    }

    /**
     * The heap this series takes: its arrays, with their room to grow, and each window's sorted
     * copy, counted exactly; the objects around them estimated ({@link #OBJECTS_BYTES}).
     */
    public long footprint() {
        long bytes = OBJECTS_BYTES + (long) times.length * (Long.BYTES + Double.BYTES);
        for (Window w : windows) {
            bytes += WINDOW_BYTES + (long) w.sorted.length * Double.BYTES;
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
            if (end == times.length) {
                makeRoom();
            }
            times[end] = t;
            values[end++] = value;
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
     * The readings within {@code length} before the {@code at}th reading, from its time less
     * {@code length} (inclusive) up to the reading itself (exclusive): what a trend rule
     * compares the reading against. The window is kept for the next reading and moved along;
     * it is valid until the series next changes.
     */
    Window window(Duration length, int at) {
        long lengthNanos = length.toNanos();
        Window w = null;
        for (Window candidate : windows) {
            if (candidate.lengthNanos == lengthNanos) {
                w = candidate;
                break;
            }
        }
        if (w == null) {
            w = new Window(lengthNanos);
            windows = Arrays.copyOf(windows, windows.length + 1);
            windows[windows.length - 1] = w;
        }
        int reading = start + checked(at);
        long from = times[reading] - lengthNanos;
        int first = from > times[reading] ? reading : firstAtOrAfter(from);
        w.cover(origin + first, origin + reading);
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

    /**
     * The values of the readings from one position up to another, sorted. Moving it forwards
     * takes out the values that left and puts in those that came; anything else sorts it anew.
     */
    final class Window {
        final long lengthNanos;
        private long from;
        private long to;
        private int shapeSeen = -1;
        private double[] sorted = new double[FIRST_CAPACITY];
        private int count;

        Window(long lengthNanos) {
            this.lengthNanos = lengthNanos;
        }

        /** How many readings are in the window. */
        int count() {
            return count;
        }

        /** The lowest value; the window must not be empty. */
        double lowest() {
            return sorted[0];
        }

        /** The highest value; the window must not be empty. */
        double highest() {
            return sorted[count - 1];
        }

        /** The statistic of the values, as {@link LevelStatistic#of} would give it; the window must not be empty. */
        double statistic(LevelStatistic statistic) {
            return statistic.ofSorted(sorted, count);
        }

        private void cover(long newFrom, long newTo) {
            boolean forwards = shapeSeen == reshapes && newFrom >= from && newTo >= to && newFrom <= to
                    // The values that leave must still be in the arrays.
                    && from >= origin;
            long moves = (newFrom - from) + (newTo - to);
            if (forwards && moves <= 8 + (count >> 2)) {
                for (long p = from; p < newFrom; p++) {
                    remove(values[(int) (p - origin)]);
                }
                for (long p = to; p < newTo; p++) {
                    add(values[(int) (p - origin)]);
                }
            } else if (!(shapeSeen == reshapes && newFrom == from && newTo == to)) {
                count = (int) (newTo - newFrom);
                if (sorted.length < count) {
                    sorted = new double[Math.max(count, sorted.length + (sorted.length >> 1))];
                }
                System.arraycopy(values, (int) (newFrom - origin), sorted, 0, count);
                Arrays.sort(sorted, 0, count);
            }
            from = newFrom;
            to = newTo;
            shapeSeen = reshapes;
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
}
