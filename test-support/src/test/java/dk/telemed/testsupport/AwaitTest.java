package dk.telemed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsAsSoonAsTheConditionHolds() {
        AtomicInteger calls = new AtomicInteger();
        Await.until("third call", Duration.ofSeconds(5), () -> calls.incrementAndGet() >= 3);
        assertThat(calls).hasValue(3);
    }

    @Test
    void timesOutWithWhatItWaitedFor() {
        assertThatThrownBy(() -> Await.until("reading stored", Duration.ofMillis(300), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after 300 ms: reading stored");
    }

    @Test
    void exceptionsMeanNotYetAndBecomeTheCause() {
        AtomicInteger calls = new AtomicInteger();
        Await.until("recovers", Duration.ofSeconds(5), () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("connection refused");
            }
            return true;
        });
        assertThatThrownBy(() -> Await.until("gateway up", Duration.ofMillis(200), () -> {
            throw new IllegalStateException("connection refused");
        })).hasMessage("timed out after 200 ms: gateway up").hasRootCauseMessage("connection refused");
    }

    @Test
    void formatsWholeSecondsAsSeconds() {
        assertThat(Await.format(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(Await.format(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }
}
