package dk.telemed.sim.traffic;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The compressed clock: every device's natural schedule over [from, to], replayed in time order
 * across the whole population, so the gateway sees history arrive roughly as it happened.
 * Generated lazily, a day per device at a time, so long histories of large populations need no
 * memory to speak of.
 */
public final class HistorySource implements ReadingSource {

    private final Packing packing;
    private final SplittableRandom noise;
    private final PriorityQueue<Cursor> queue = new PriorityQueue<>(Comparator.comparingLong(Cursor::time));
    private final ArrayDeque<Planned> ready = new ArrayDeque<>();
    private final List<DeviceState> devices;
    private boolean flushed;

    public HistorySource(List<DeviceState> devices, Packing packing, NaturalSchedule schedule, ZoneId zone,
            long fromMillis, long toMillis, SplittableRandom noise) {
        this.devices = List.copyOf(devices);
        this.packing = packing;
        this.noise = noise;
        LocalDate firstDay = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(fromMillis), zone);
        LocalDate lastDay = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(toMillis), zone);
        for (DeviceState d : this.devices) {
            Cursor c = new Cursor(d, schedule, firstDay, lastDay, fromMillis, toMillis);
            if (c.advance()) {
                queue.add(c);
            }
        }
    }

    @Override
    public Planned next(int maxReadings) {
        while (ready.isEmpty()) {
            Cursor c = queue.poll();
            if (c == null) {
                if (!flushed) {
                    flushed = true;
                    flushPartialBatches();
                }
                if (ready.isEmpty()) {
                    return null;
                }
                break;
            }
            session(c.device, c.time());
            if (c.advance()) {
                queue.add(c);
            }
        }
        Planned p = ready.peek();
        if (p.readings().size() <= maxReadings) {
            return ready.poll();
        }
        ready.poll();
        return p.truncated(maxReadings);
    }

    private void session(DeviceState d, long t) {
        d.measure(t, noise);
        if (packing.natural()) {
            if (d.device().kind().sendsBatch()) {
                ready.add(new Planned(d, d.take(d.pendingCount()), true));
            } else {
                while (d.pendingCount() > 0) {
                    ready.add(new Planned(d, d.take(1), false));
                }
            }
            return;
        }
        while (d.pendingCount() >= packing.batchSize()) {
            ready.add(new Planned(d, d.take(packing.batchSize()), true));
        }
    }

    /** The end of history: whatever each device still holds goes out as a smaller last batch. */
    private void flushPartialBatches() {
        for (DeviceState d : devices) {
            if (d.pendingCount() > 0) {
                ready.add(new Planned(d, d.take(d.pendingCount()), true));
            }
        }
    }

    /** Walks one device's schedule day by day. */
    private static final class Cursor {
        private final DeviceState device;
        private final NaturalSchedule schedule;
        private final LocalDate lastDay;
        private final long from;
        private final long to;
        private LocalDate day;
        private Iterator<Long> today = java.util.Collections.emptyIterator();
        private long time;

        Cursor(DeviceState device, NaturalSchedule schedule, LocalDate firstDay, LocalDate lastDay, long from,
                long to) {
            this.device = device;
            this.schedule = schedule;
            this.day = firstDay.minusDays(1);
            this.lastDay = lastDay;
            this.from = from;
            this.to = to;
        }

        long time() {
            return time;
        }

        /** Moves to the next session in [from, to]; false when there is none. */
        boolean advance() {
            while (true) {
                while (today.hasNext()) {
                    long t = today.next();
                    if (t >= from && t <= to) {
                        time = t;
                        return true;
                    }
                }
                if (!day.isBefore(lastDay)) {
                    return false;
                }
                day = day.plusDays(1);
                today = schedule.sessionsOn(device, day).iterator();
            }
        }
    }
}
