package dk.telemed.gateway.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the msgIds of the most recent messages that were fully handled, per device, so a
 * redelivery (the broker resends what was not acknowledged) is neither stored nor alerted
 * twice. Bounded: the oldest ids are forgotten first. Used from the event loop only.
 */
public final class DuplicateFilter {
    private final Map<String, Boolean> seen;

    public DuplicateFilter(int capacity) {
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    public boolean alreadyHandled(String deviceId, String msgId) {
        return seen.containsKey(key(deviceId, msgId));
    }

    public void handled(String deviceId, String msgId) {
        seen.put(key(deviceId, msgId), Boolean.TRUE);
    }

    private static String key(String deviceId, String msgId) {
        // A device id cannot hold '/', so the pair is unambiguous.
        return deviceId + '/' + msgId;
    }
}
