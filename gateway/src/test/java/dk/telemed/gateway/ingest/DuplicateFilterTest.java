package dk.telemed.gateway.ingest;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuplicateFilterTest {
    @Test
    void remembersPerDeviceAndForgetsTheOldestBeyondCapacity() {
        DuplicateFilter filter = new DuplicateFilter(2);
        filter.handled("oxi-1", "m1");
        assertThat(filter.alreadyHandled("oxi-1", "m1")).isTrue();
        assertThat(filter.alreadyHandled("oxi-2", "m1")).isFalse();
        filter.handled("oxi-1", "m2");
        filter.handled("oxi-1", "m3");
        assertThat(filter.alreadyHandled("oxi-1", "m1")).isFalse();
        assertThat(filter.alreadyHandled("oxi-1", "m2")).isTrue();
        assertThat(filter.alreadyHandled("oxi-1", "m3")).isTrue();
    }

    @Test
    void anIdHandledAgainKeepsItsPlaceInTheOrder() {
        DuplicateFilter filter = new DuplicateFilter(2);
        filter.handled("oxi-1", "m1");
        filter.handled("oxi-1", "m2");
        filter.handled("oxi-1", "m1");
        filter.handled("oxi-1", "m3");
        assertThat(filter.alreadyHandled("oxi-1", "m1")).isFalse();
        assertThat(filter.alreadyHandled("oxi-1", "m2")).isTrue();
        assertThat(filter.size()).isEqualTo(2);
    }

    @Test
    void thePairIsComparedWholeIncludingCharactersBeyondAscii() {
        DuplicateFilter filter = new DuplicateFilter(10);
        filter.handled("oxi-1", "måling-1");
        assertThat(filter.alreadyHandled("oxi-1", "måling-1")).isTrue();
        assertThat(filter.alreadyHandled("oxi-1", "maling-1")).isFalse();
        assertThat(filter.alreadyHandled("oxi-1/måling", "1")).isFalse();
        assertThat(filter.alreadyHandled("oxi-", "1/måling-1")).isFalse();
    }

    @Test
    void aCapacityOfNoneRemembersNothing() {
        DuplicateFilter filter = new DuplicateFilter(0);
        filter.handled("oxi-1", "m1");
        assertThat(filter.alreadyHandled("oxi-1", "m1")).isFalse();
        assertThatThrownBy(() -> new DuplicateFilter(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Against the map it replaces, over many turns of the ring, with ids often seen again. */
    @Test
    void answersAsAMapOrderedByFirstInsertionWould() {
        for (int capacity : new int[] {1, 3, 64, 1000, 1025, 5000}) {
            DuplicateFilter filter = new DuplicateFilter(capacity);
            Map<String, Boolean> model = new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > capacity;
                }
            };
            SplittableRandom random = new SplittableRandom(capacity);
            for (int step = 0; step < 60_000; step++) {
                String device = "dev-" + random.nextInt(7);
                String msgId = Integer.toString(random.nextInt(capacity * 3 + 5));
                String key = device + "/" + msgId;
                assertThat(filter.alreadyHandled(device, msgId)).as("step %d, %s", step, key).isEqualTo(model.containsKey(key));
                if (random.nextInt(4) > 0) {
                    filter.handled(device, msgId);
                    model.put(key, Boolean.TRUE);
                }
            }
            assertThat(filter.size()).isEqualTo(model.size());
            model.keySet().forEach(k -> assertThat(filter.alreadyHandled(k.substring(0, k.indexOf('/')), k.substring(k.indexOf('/') + 1))).isTrue());
        }
    }
}
