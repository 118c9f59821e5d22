package dk.telemed.gateway.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Remembers the msgIds of the most recent messages that were fully handled, per device, so a
 * redelivery (the broker resends what was not acknowledged) is neither stored nor alerted
 * twice. Bounded: the oldest ids are forgotten first. Used from the event loop only.
 *
 * <p>The filter is full after a day of traffic and stays so, which makes it one of the largest
 * things a gateway holds (200,000 ids by default). Each device and msgId pair is therefore kept
 * as its bytes alone, in a ring in the order handled, with an open-addressing index into the
 * ring: with device-sim's ids (about 35 characters a pair) 200,000 take 16.5 MiB, where a
 * LinkedHashMap of strings took 27.4 MiB. The pairs themselves are compared, not a hash of
 * them, so two different messages are never taken for one another.
 */
public final class DuplicateFilter {
    private static final int FREE = -1;
    /** Beyond this the index could not be twice the capacity. */
    private static final int MAX_CAPACITY = 1 << 29;
    private static final int INITIAL = 1024;

    private final int capacity;
    /**
     * The pairs in the order handled, from {@link #oldest} on, wrapping around. Grows up to the
     * capacity as it fills, so a large configured capacity costs nothing until it is used.
     */
    private byte[][] ring;
    private int[] hashes;
    /** Ring slots by hash, linear probing; never more than half full, so a probe always ends. */
    private int[] index;
    private int mask;
    private int oldest;
    private int size;

    public DuplicateFilter(int capacity) {
        if (capacity < 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 0 to " + MAX_CAPACITY + ", not " + capacity);
        }
        this.capacity = capacity;
        this.ring = new byte[Math.min(capacity, INITIAL)][];
        this.hashes = new int[ring.length];
        reindex();
    }

    public boolean alreadyHandled(String deviceId, String msgId) {
        byte[] key = key(deviceId, msgId);
        return find(key, hash(key)) != FREE;
    }

    public void handled(String deviceId, String msgId) {
        if (capacity == 0) {
            return;
        }
        byte[] key = key(deviceId, msgId);
        int hash = hash(key);
        if (find(key, hash) != FREE) {
            // Handled again: it keeps its place, as in a map ordered by first insertion.
            return;
        }
        if (size == ring.length && size < capacity) {
            // Not full yet, so nothing was forgotten and the pairs lie in order from slot 0.
            int length = (int) Math.min(capacity, 2L * ring.length);
            ring = Arrays.copyOf(ring, length);
            hashes = Arrays.copyOf(hashes, length);
            reindex();
        }
        if (size == capacity) {
            unindex(oldest);
            ring[oldest] = null;
            oldest = next(oldest);
            size--;
        }
        int slot = (int) (((long) oldest + size) % capacity);
        ring[slot] = key;
        hashes[slot] = hash;
        place(slot);
        size++;
    }

    /** An index twice the ring's length at least, holding every pair in the ring. */
    private void reindex() {
        int table = Integer.highestOneBit(Math.max(2, 2 * ring.length - 1)) << 1;
        index = new int[table];
        Arrays.fill(index, FREE);
        mask = table - 1;
        for (int n = 0, slot = oldest; n < size; n++, slot = next(slot)) {
            place(slot);
        }
    }

    private void place(int slot) {
        int i = hashes[slot] & mask;
        while (index[i] != FREE) {
            i = (i + 1) & mask;
        }
        index[i] = slot;
    }

    int size() {
        return size;
    }

    private int find(byte[] key, int hash) {
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            int slot = index[i];
            if (slot == FREE || (hashes[slot] == hash && Arrays.equals(ring[slot], key))) {
                return slot;
            }
        }
    }

    /** Takes a ring slot out of the index, moving back the entries after it that probed past it. */
    private void unindex(int slot) {
        int gap = hashes[slot] & mask;
        while (index[gap] != slot) {
            gap = (gap + 1) & mask;
        }
        for (int j = (gap + 1) & mask; index[j] != FREE; j = (j + 1) & mask) {
            int home = hashes[index[j]] & mask;
            // An entry stays where it is when its home lies cyclically in (gap, j].
            boolean stays = gap <= j ? home > gap && home <= j : home > gap || home <= j;
            if (!stays) {
                index[gap] = index[j];
                gap = j;
            }
        }
        index[gap] = FREE;
    }

    private int next(int slot) {
        return slot + 1 == capacity ? 0 : slot + 1;
    }

    private static byte[] key(String deviceId, String msgId) {
        // A device id cannot hold '/', so the pair is unambiguous; UTF-8 keeps it so as bytes.
        return (deviceId + '/' + msgId).getBytes(StandardCharsets.UTF_8);
    }

    private static int hash(byte[] key) {
        int h = Arrays.hashCode(key) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
