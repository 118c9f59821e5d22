package dk.telemed.gateway.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StallWatchdogTest {
    final AtomicLong now = new AtomicLong();
    final AtomicLong progress = new AtomicLong();
    final AtomicBoolean holding = new AtomicBoolean(true);
    final AtomicBoolean storeAnswers = new AtomicBoolean(true);
    final AtomicInteger stalls = new AtomicInteger();
    final StallWatchdog watchdog = new StallWatchdog(Duration.ofSeconds(60), progress::get, holding::get, storeAnswers::get,
            now::get, stalls::incrementAndGet);

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
        watchdog.check();
    }

    @Test
    void messagesHeldWithoutProgressForTheWholeTimeIsAStallReportedOnce() {
        watchdog.check();
        advance(Duration.ofSeconds(59));
        assertThat(watchdog.problem()).isNull();
        advance(Duration.ofSeconds(1));
        assertThat(watchdog.problem()).contains("nothing stored, judged or acknowledged for 60 s");
        advance(Duration.ofSeconds(60));
        assertThat(stalls).hasValue(1);
    }

    @Test
    void anyProgressStartsTheCountAgain() {
        watchdog.check();
        advance(Duration.ofSeconds(50));
        progress.incrementAndGet();
        advance(Duration.ofSeconds(50));
        advance(Duration.ofSeconds(59));
        assertThat(watchdog.problem()).isNull();
        advance(Duration.ofSeconds(1));
        assertThat(watchdog.problem()).isNotNull();
    }

    @Test
    void nothingHeldIsNoStall() {
        holding.set(false);
        watchdog.check();
        advance(Duration.ofMinutes(10));
        assertThat(watchdog.problem()).isNull();
        assertThat(stalls).hasValue(0);
    }

    @Test
    void waitingForAnInfluxDbThatDoesNotAnswerIsNoStall() {
        storeAnswers.set(false);
        watchdog.check();
        advance(Duration.ofMinutes(10));
        assertThat(watchdog.problem()).isNull();
        storeAnswers.set(true);
        advance(Duration.ofSeconds(59));
        assertThat(watchdog.problem()).isNull();
        advance(Duration.ofSeconds(1));
        assertThat(watchdog.problem()).isNotNull();
    }
}
