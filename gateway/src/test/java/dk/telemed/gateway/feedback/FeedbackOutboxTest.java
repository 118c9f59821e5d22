package dk.telemed.gateway.feedback;

import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One publish in flight per device, one waiting: the newest replaces it unless the waiting one is more urgent. */
class FeedbackOutboxTest {
    final List<String> published = new ArrayList<>();
    final List<Promise<Void>> acks = new ArrayList<>();
    final FeedbackOutbox outbox = new FeedbackOutbox((topic, body) -> {
        published.add(topic + " " + new String(body, StandardCharsets.UTF_8));
        Promise<Void> p = Promise.promise();
        acks.add(p);
        return p.future();
    });

    void offer(String device, String text, int urgency) {
        outbox.offer(device, "fb/" + device, text.getBytes(StandardCharsets.UTF_8), urgency);
    }

    @Test
    void aBacklogOfOneDeviceSendsItsFirstThenItsLatestMostUrgentWord() {
        offer("d1", "normal-1", 0);
        offer("d1", "normal-2", 0);
        offer("d1", "red-3", 2);
        offer("d1", "normal-4", 0);
        offer("d2", "normal-a", 0);
        assertThat(published).containsExactly("fb/d1 normal-1", "fb/d2 normal-a");
        assertThat(outbox.pending()).isEqualTo(3);
        acks.get(0).complete();
        assertThat(published).containsExactly("fb/d1 normal-1", "fb/d2 normal-a", "fb/d1 red-3");
        offer("d1", "yellow-5", 1);
        acks.get(2).fail("broker away");
        assertThat(published).last().isEqualTo("fb/d1 yellow-5");
        acks.get(3).complete();
        acks.get(1).complete();
        assertThat(outbox.pending()).isZero();
        offer("d1", "normal-6", 0);
        assertThat(published).last().isEqualTo("fb/d1 normal-6");
    }

    @Test
    void aNewerMessageOfTheSameUrgencyReplacesTheWaitingOne() {
        offer("d1", "yellow-1", 1);
        offer("d1", "yellow-2", 1);
        offer("d1", "yellow-3", 1);
        acks.get(0).complete();
        assertThat(published).containsExactly("fb/d1 yellow-1", "fb/d1 yellow-3");
    }
}
