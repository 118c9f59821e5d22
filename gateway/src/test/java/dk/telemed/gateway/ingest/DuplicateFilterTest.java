package dk.telemed.gateway.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
