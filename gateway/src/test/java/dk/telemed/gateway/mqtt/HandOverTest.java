package dk.telemed.gateway.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages reach the event loop in the order they arrived, all of them, on the event loop only. */
class HandOverTest {
    final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    static InboundMessage message(int n) {
        return new InboundMessage("telemed/v1/devices/d/readings", new byte[0], n, 1, 1, 0);
    }

    @Test
    void deliversEveryMessageInArrivalOrderOnTheContext() throws Exception {
        Context context = vertx.getOrCreateContext();
        int count = 10 * HandOver.MAX_PER_TASK + 7;
        List<Integer> seen = new ArrayList<>();
        List<Boolean> onContext = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(count);
        Runnable work = () -> { };
        HandOver handOver = new HandOver(context, (r, m) -> {
            seen.add(m.packetId());
            onContext.add(Vertx.currentContext() == context);
            all.countDown();
        });
        Thread producer = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                handOver.offer(work, message(i));
                if (i % 50 == 0) {
                    Thread.yield();
                }
            }
        });
        producer.start();
        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        producer.join();
        CountDownLatch read = new CountDownLatch(1);
        List<Integer> result = new ArrayList<>();
        context.runOnContext(v -> {
            result.addAll(seen);
            read.countDown();
        });
        assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(result).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(result.get(i)).isEqualTo(i);
        }
        assertThat(onContext).doesNotContain(false);
    }

    @Test
    void aMessageThatFailsDoesNotHoldBackTheNext() throws Exception {
        Context context = vertx.getOrCreateContext();
        CountDownLatch second = new CountDownLatch(1);
        CountDownLatch third = new CountDownLatch(1);
        Runnable work = () -> { };
        HandOver handOver = new HandOver(context, (r, m) -> {
            if (m.packetId() == 1) {
                throw new IllegalStateException("defect");
            }
            (m.packetId() == 2 ? second : third).countDown();
        });
        handOver.offer(work, message(1));
        handOver.offer(work, message(2));
        assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
        handOver.offer(work, message(3));
        assertThat(third.await(10, TimeUnit.SECONDS)).as("later offers are still delivered").isTrue();
    }

    @Test
    void anUnroutedMessageIsDeliveredWithoutARoute() throws Exception {
        Context context = vertx.getOrCreateContext();
        CountDownLatch done = new CountDownLatch(1);
        List<Runnable> works = new ArrayList<>();
        HandOver handOver = new HandOver(context, (w, m) -> {
            works.add(w);
            done.countDown();
        });
        handOver.offer(null, message(1));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(works).containsExactly((Runnable) null);
    }
}
