package dk.telemed.sim.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Uses a fake clock that the "sleep" advances; nothing here sleeps or measures real time. */
class RateLimiterTest {

    private static final long MS = 1_000_000L;

    private static final class FakeTime {
        long now = 1_000_000_000_000L;
        long slept;
        int sleeps;
        long overshoot;

        void sleep(long nanos) {
            now += nanos + overshoot;
            slept += nanos + overshoot;
            sleeps++;
        }
    }

    private static double achievedRate(double rate, int requests, int permitsEach, long overshootNanos) {
        FakeTime t = new FakeTime();
        t.overshoot = overshootNanos;
        RateLimiter limiter = new RateLimiter(rate, 100 * MS, () -> t.now, t::sleep);
        long start = t.now;
        try {
            for (int i = 0; i < requests; i++) {
                limiter.acquire(permitsEach);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        // Permits are paid after use: the last request's permits are due one interval later.
        double elapsed = (t.now - start) / 1e9 + permitsEach / rate;
        return (double) requests * permitsEach / elapsed;
    }

    @Test
    void givesTheAskedRateFromOneToFiftyThousandPerSecond() {
        for (double rate : new double[] {1, 7.5, 100, 1000, 20_000, 33_333, 50_000}) {
            int requests = (int) Math.min(200_000, Math.max(50, rate * 20));
            assertThat(achievedRate(rate, requests, 1, 0)).as("rate %s", rate).isCloseTo(rate, offset(rate * 1e-6));
        }
    }

    @Test
    void countsReadingsNotMessages() {
        assertThat(achievedRate(20_000, 5_000, 20, 0)).isCloseTo(20_000, offset(0.02));
        assertThat(achievedRate(100, 100, 3, 0)).isCloseTo(100, offset(1e-4));
    }

    @Test
    void staysExactWhenEverySleepOversleeps() {
        // parkNanos typically oversleeps by tens of µs; at 50,000/s that is several readings late
        // each time, and the absolute schedule must win that back.
        double achieved = achievedRate(50_000, 200_000, 1, 60_000);
        assertThat(achieved).isCloseTo(50_000, offset(50_000 * 0.001));
    }

    @Test
    void aBatchGoesOutWholeAndTheNextWaitsForIt() throws InterruptedException {
        FakeTime t = new FakeTime();
        RateLimiter limiter = new RateLimiter(1000, 0, () -> t.now, t::sleep);
        long start = t.now;
        limiter.acquire(20);
        assertThat(t.now).isEqualTo(start);
        limiter.acquire(1);
        assertThat(t.now - start).isEqualTo(20 * MS);
    }

    @Test
    void catchesUpAtMostTheBurstAfterAStall() throws InterruptedException {
        FakeTime t = new FakeTime();
        RateLimiter limiter = new RateLimiter(10_000, 100 * MS, () -> t.now, t::sleep);
        limiter.acquire(1);
        t.now += 10_000 * MS; // ten seconds without asking, e.g. the broker was away
        int sleepsBefore = t.sleeps;
        int freeReadings = 0;
        while (t.sleeps == sleepsBefore) {
            limiter.acquire(1);
            freeReadings++;
        }
        // 100 ms at 10,000/s, not 10 s worth.
        assertThat(freeReadings).isBetween(1000, 1002);
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> new RateLimiter(0, 0, System::nanoTime, n -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
