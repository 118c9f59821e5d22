package dk.telemed.gateway.feedback;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One publish in flight per device, one waiting: the newest replaces it unless the waiting one is
 * more urgent; after a publish the next waits for the interval unless it is more urgent.
 */
class FeedbackOutboxTest {
    final List<String> published = new ArrayList<>();
    final List<Promise<Void>> acks = new ArrayList<>();
    /** The timers set, in order; a test runs one to let its interval pass. */
    final List<Runnable> timers = new ArrayList<>();
    final List<Long> delays = new ArrayList<>();
    /** The messages written, when they were. */
    final List<String> written = new ArrayList<>();

    FeedbackOutbox outbox(Duration interval) {
        return new FeedbackOutbox((topic, body) -> {
            published.add(topic + " " + new String(body, StandardCharsets.UTF_8));
            Promise<Void> p = Promise.promise();
            acks.add(p);
            return p.future();
        }, interval, (millis, task) -> {
            delays.add(millis);
            timers.add(task);
        });
    }

    void offer(FeedbackOutbox outbox, String device, String text, int urgency) {
        outbox.offer(device, "fb/" + device, () -> {
            written.add(text);
            return text.getBytes(StandardCharsets.UTF_8);
        }, urgency);
    }

    @Test
    void withoutAnIntervalABacklogOfOneDeviceSendsItsFirstThenItsLatestMostUrgentWord() {
        FeedbackOutbox outbox = outbox(Duration.ZERO);
        offer(outbox, "d1", "normal-1", 0);
        offer(outbox, "d1", "normal-2", 0);
        offer(outbox, "d1", "red-3", 2);
        offer(outbox, "d1", "normal-4", 0);
        offer(outbox, "d2", "normal-a", 0);
        assertThat(published).containsExactly("fb/d1 normal-1", "fb/d2 normal-a");
        assertThat(outbox.pending()).as("two in flight, one waiting").isEqualTo(3);
        acks.get(0).complete();
        assertThat(published).containsExactly("fb/d1 normal-1", "fb/d2 normal-a", "fb/d1 red-3");
        offer(outbox, "d1", "yellow-5", 1);
        acks.get(2).fail("broker away");
        assertThat(published).last().isEqualTo("fb/d1 yellow-5");
        acks.get(3).complete();
        acks.get(1).complete();
        assertThat(outbox.pending()).isZero();
        offer(outbox, "d1", "normal-6", 0);
        assertThat(published).last().isEqualTo("fb/d1 normal-6");
        assertThat(timers).as("no interval, no timer").isEmpty();
    }

    @Test
    void aNewerMessageOfTheSameUrgencyReplacesTheWaitingOne() {
        FeedbackOutbox outbox = outbox(Duration.ZERO);
        offer(outbox, "d1", "yellow-1", 1);
        offer(outbox, "d1", "yellow-2", 1);
        offer(outbox, "d1", "yellow-3", 1);
        acks.get(0).complete();
        assertThat(published).containsExactly("fb/d1 yellow-1", "fb/d1 yellow-3");
        assertThat(written).as("a message replaced before it was sent is never written").containsExactly("yellow-1", "yellow-3");
    }

    @Test
    void aBurstOfOneDeviceGetsOneWordAnIntervalTheLatestAndMostUrgent() {
        FeedbackOutbox outbox = outbox(Duration.ofSeconds(1));
        offer(outbox, "d1", "yellow-1", 1);
        acks.get(0).complete();
        offer(outbox, "d1", "yellow-2", 1);
        offer(outbox, "d1", "normal-3", 0);
        offer(outbox, "d1", "yellow-4", 1);
        offer(outbox, "d1", "normal-5", 0);
        assertThat(published).as("the broker took the first, but the interval has not passed").containsExactly("fb/d1 yellow-1");
        assertThat(outbox.pending()).isEqualTo(1);
        assertThat(delays).containsExactly(1000L);
        timers.get(0).run();
        assertThat(published).containsExactly("fb/d1 yellow-1", "fb/d1 yellow-4");
        assertThat(outbox.sent()).isEqualTo(2);
        assertThat(outbox.replaced()).as("yellow-2, normal-3 and normal-5").isEqualTo(3);
        offer(outbox, "d1", "normal-6", 0);
        timers.get(1).run();
        assertThat(published).as("still in flight when its interval ended").hasSize(2);
        acks.get(1).complete();
        assertThat(published).last().isEqualTo("fb/d1 normal-6");
        acks.get(2).complete();
        timers.get(2).run();
        assertThat(outbox.pending()).isZero();
        offer(outbox, "d1", "normal-7", 0);
        assertThat(published).as("a device quiet for an interval hears at once").last().isEqualTo("fb/d1 normal-7");
    }

    @Test
    void aMoreUrgentWordDoesNotWaitForTheInterval() {
        FeedbackOutbox outbox = outbox(Duration.ofSeconds(1));
        offer(outbox, "d1", "normal-1", 0);
        offer(outbox, "d1", "red-2", 2);
        acks.get(0).complete();
        assertThat(published).as("red after normal goes as soon as the broker has the normal one")
                .containsExactly("fb/d1 normal-1", "fb/d1 red-2");
        offer(outbox, "d1", "red-3", 2);
        acks.get(1).complete();
        assertThat(published).as("red after red waits for the interval").hasSize(2);
        timers.get(0).run();
        assertThat(published).as("the first publish's timer does not end the second's interval").hasSize(2);
        timers.get(1).run();
        assertThat(published).last().isEqualTo("fb/d1 red-3");
    }

    @Test
    void otherDevicesDoNotWaitForOnesInterval() {
        FeedbackOutbox outbox = outbox(Duration.ofSeconds(1));
        offer(outbox, "d1", "normal-1", 0);
        offer(outbox, "d1", "normal-2", 0);
        offer(outbox, "d2", "normal-a", 0);
        assertThat(published).containsExactly("fb/d1 normal-1", "fb/d2 normal-a");
    }

    @Test
    void aDeviceIsForgottenOnceItsIntervalPassedWithNothingWaiting() {
        FeedbackOutbox outbox = outbox(Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            offer(outbox, "d" + i, "normal", 0);
        }
        acks.forEach(Promise::complete);
        assertThat(outbox.pending()).isZero();
        assertThat(outbox.held()).as("within their interval").isEqualTo(100);
        timers.forEach(Runnable::run);
        assertThat(outbox.held()).isZero();
    }

    @Test
    void aPublishThatCompletesAtOnceStillLeavesTheIntervalToTheTimer() {
        List<String> sent = new ArrayList<>();
        FeedbackOutbox outbox = new FeedbackOutbox((topic, body) -> {
            sent.add(new String(body, StandardCharsets.UTF_8));
            return Future.succeededFuture();
        }, Duration.ofSeconds(1), (millis, task) -> timers.add(task));
        offer(outbox, "d1", "normal-1", 0);
        offer(outbox, "d1", "normal-2", 0);
        assertThat(sent).containsExactly("normal-1");
        timers.get(0).run();
        assertThat(sent).containsExactly("normal-1", "normal-2");
        timers.get(1).run();
        assertThat(outbox.pending()).isZero();
        assertThat(outbox.held()).isZero();
    }

    @Test
    void aWordTheBrokerDidNotTakeHoldsNothingBackForTheInterval() {
        FeedbackOutbox outbox = outbox(Duration.ofSeconds(1));
        offer(outbox, "d1", "red-1", 2);
        acks.get(0).fail("not acknowledged within mqtt.publishTimeoutMs");
        offer(outbox, "d1", "red-2", 2);
        assertThat(published).as("the device never got red-1").containsExactly("fb/d1 red-1", "fb/d1 red-2");
    }

    @Test
    void aMessageThatCannotBeWrittenCountsAsFailedAndTheDeviceHearsTheNextWord() {
        FeedbackOutbox outbox = outbox(Duration.ofSeconds(1));
        outbox.offer("d1", "fb/d1", () -> {
            throw new IllegalStateException("no text for this reading");
        }, 2);
        assertThat(outbox.pending()).isZero();
        offer(outbox, "d1", "red-2", 2);
        assertThat(published).containsExactly("fb/d1 red-2");
        acks.get(0).complete();
        timers.forEach(Runnable::run);
        assertThat(outbox.held()).isZero();
    }
}
