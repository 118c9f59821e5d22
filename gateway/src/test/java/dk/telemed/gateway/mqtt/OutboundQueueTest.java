package dk.telemed.gateway.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundQueueTest {
    final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    /** A client whose broker allows {@code window} unacknowledged publishes, as Paho enforces it. */
    static class WindowedClient extends MqttAsyncClient {
        volatile int window;
        final List<MqttActionListener> inFlight = new CopyOnWriteArrayList<>();
        final List<String> sent = new CopyOnWriteArrayList<>();
        volatile int refused;

        WindowedClient(int window) throws MqttException {
            super("tcp://127.0.0.1:1", "test", new MemoryPersistence());
            this.window = window;
        }

        @Override
        public IMqttToken publish(String topic, byte[] payload, int qos, boolean retained, Object context, MqttActionListener callback)
                throws MqttException {
            if (inFlight.size() >= window) {
                refused++;
                throw new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT);
            }
            inFlight.add(callback);
            sent.add(topic);
            return null;
        }

        @Override
        public int getInFlightMessageCount() {
            return inFlight.size();
        }

        void brokerAcknowledgesOne() {
            brokerAcknowledgesOne(0);
        }

        void brokerAcknowledgesOne(int reasonCode) {
            inFlight.remove(0).onSuccess(new MqttToken("test") {
                @Override
                public int[] getReasonCodes() {
                    return new int[]{reasonCode};
                }
            });
        }
    }

    static <T> T onContext(Context context, Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> result.complete(action.get()));
        return result.get(5, TimeUnit.SECONDS);
    }

    /** Publishes t/0 … t/{n-1} on the queue's context. */
    static List<Future<Integer>> publish(Context context, OutboundQueue queue, int n) throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        onContext(context, () -> {
            for (int i = 0; i < n; i++) {
                results.add(queue.publish("t/" + i, new byte[0], Priority.URGENT));
            }
            return null;
        });
        return results;
    }

    /** The broker acknowledges each publish as it goes out, until all have completed. */
    static void brokerAcknowledgesAll(WindowedClient client, List<Future<Integer>> results) throws Exception {
        for (int acknowledged = 0; acknowledged < results.size(); ) {
            if (!client.inFlight.isEmpty()) {
                client.brokerAcknowledgesOne();
                acknowledged++;
            }
            Thread.sleep(5);
        }
        Future.all(results).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Waits up to 5 s for the queue's retry timer to hand {@code client} its first publish. */
    static void awaitFirstSent(WindowedClient client) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (client.sent.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void publishesBeyondTheWindowWaitAndGoOutAsEarlierOnesComplete() throws Exception {
        WindowedClient client = new WindowedClient(2);
        Context context = vertx.getOrCreateContext();
        OutboundQueue queue = new OutboundQueue(context, () -> client, 30_000);
        // A window larger than the broker's own: Paho's refusal is the last line of defence.
        queue.window(100);
        List<Future<Integer>> results = publish(context, queue, 5);
        assertThat(client.sent).containsExactly("t/0", "t/1");
        assertThat(onContext(context, queue::waiting)).isEqualTo(3);
        brokerAcknowledgesAll(client, results);
        assertThat(client.sent).containsExactly("t/0", "t/1", "t/2", "t/3", "t/4");
    }

    @Test
    void alertsAndRejectionsGoOutBeforeTheFeedbackWaitingAheadOfThem() throws Exception {
        WindowedClient client = new WindowedClient(1);
        Context context = vertx.getOrCreateContext();
        OutboundQueue queue = new OutboundQueue(context, () -> client, 30_000);
        queue.window(1);
        List<Future<Integer>> results = new ArrayList<>();
        onContext(context, () -> {
            for (int i = 0; i < 3; i++) {
                results.add(queue.publish("feedback/" + i, new byte[0], Priority.ROUTINE));
            }
            results.add(queue.publish("alert", new byte[0], Priority.URGENT));
            results.add(queue.publish("feedback/3", new byte[0], Priority.ROUTINE));
            return null;
        });
        brokerAcknowledgesAll(client, results);
        assertThat(client.sent).containsExactly("feedback/0", "alert", "feedback/1", "feedback/2", "feedback/3");
    }

    @Test
    void aWindowFilledByOthersIsRetriedUntilThereIsRoom() throws Exception {
        WindowedClient client = new WindowedClient(0);
        Context context = vertx.getOrCreateContext();
        OutboundQueue queue = new OutboundQueue(context, () -> client, 30_000);
        Future<Integer> result = onContext(context, () -> queue.publish("t/0", new byte[0], Priority.URGENT));
        // Refused twice: the queue tried again by itself, and nothing went out while the window was full.
        long deadline = System.currentTimeMillis() + 5_000;
        while (client.refused < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(client.refused).isGreaterThanOrEqualTo(2);
        assertThat(client.sent).isEmpty();
        assertThat(result.isComplete()).isFalse();
        client.window = 1;
        awaitFirstSent(client);
        assertThat(client.sent).containsExactly("t/0");
        client.brokerAcknowledgesOne();
        assertThat(result.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aPublishIsNotHandedToPahoWhileTheBrokersWindowIsFull() throws Exception {
        // Paho registers a topic alias before refusing a publish for a full window; the broker never learns it.
        WindowedClient client = new WindowedClient(2);
        Context context = vertx.getOrCreateContext();
        OutboundQueue queue = new OutboundQueue(context, () -> client, 30_000);
        queue.window(2);
        brokerAcknowledgesAll(client, publish(context, queue, 4));
        assertThat(client.sent).containsExactly("t/0", "t/1", "t/2", "t/3");
        assertThat(client.refused).isZero();
    }

    @Test
    void theWindowCountsPublishesPahoHasNotYetTakenOffItsQueue() throws Exception {
        // Paho counts a publish as in flight only once its sender thread takes it, which can happen
        // between the queue's look at the count and the next publish: the count cannot be trusted.
        WindowedClient client = new WindowedClient(10) {
            @Override
            public int getInFlightMessageCount() {
                return 0;
            }
        };
        Context context = vertx.getOrCreateContext();
        OutboundQueue queue = new OutboundQueue(context, () -> client, 30_000);
        queue.window(2);
        List<Future<Integer>> results = publish(context, queue, 5);
        assertThat(client.sent).containsExactly("t/0", "t/1");
        brokerAcknowledgesAll(client, results);
        assertThat(client.sent).containsExactly("t/0", "t/1", "t/2", "t/3", "t/4");
    }

    @Test
    void publishesLeftOnAReplacedClientDoNotHoldUpTheNewOne() throws Exception {
        WindowedClient stale = new WindowedClient(10);
        WindowedClient fresh = new WindowedClient(10);
        AtomicReference<MqttAsyncClient> current = new AtomicReference<>(stale);
        Context context = vertx.getOrCreateContext();
        OutboundQueue queue = new OutboundQueue(context, current::get, 30_000);
        queue.window(2);
        publish(context, queue, 2);
        assertThat(stale.sent).hasSize(2);
        // The connection is lost; the stale client never reports its two publishes.
        current.set(fresh);
        Future<Integer> next = onContext(context, () -> queue.publish("after", new byte[0], Priority.URGENT));
        awaitFirstSent(fresh);
        assertThat(fresh.sent).containsExactly("after");
        fresh.brokerAcknowledgesOne();
        assertThat(next.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aPublishNobodySubscribesToCompletesWithTheBrokersReasonCode() throws Exception {
        WindowedClient client = new WindowedClient(1);
        Context context = vertx.getOrCreateContext();
        OutboundQueue queue = new OutboundQueue(context, () -> client, 30_000);
        Future<Integer> result = onContext(context, () -> queue.publish("nobody/listens", new byte[0], Priority.URGENT));
        client.brokerAcknowledgesOne(16);
        assertThat(result.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(16);
    }

    @Test
    void aPublishTheBrokerNeverAcknowledgesFailsAtItsDeadlineAndFreesNoOneElse() throws Exception {
        WindowedClient client = new WindowedClient(1);
        Context context = vertx.getOrCreateContext();
        OutboundQueue queue = new OutboundQueue(context, () -> client, 200);
        onContext(context, () -> {
            queue.window(1);
            return null;
        });
        List<Future<Integer>> results = publish(context, queue, 2);
        Throwable sent = results.get(0).toCompletionStage().toCompletableFuture().handle((r, e) -> e).get(5, TimeUnit.SECONDS);
        Throwable queued = results.get(1).toCompletionStage().toCompletableFuture().handle((r, e) -> e).get(5, TimeUnit.SECONDS);
        assertThat(sent).hasMessageContaining("did not acknowledge").hasMessageContaining("mqtt.publishTimeoutMs");
        assertThat(queued).hasMessageContaining("did not acknowledge");
        assertThat(onContext(context, queue::waiting)).isZero();
        // The broker's late acknowledgement of the first changes nothing for its caller.
        client.brokerAcknowledgesOne();
        assertThat(results.get(0).failed()).isTrue();
    }
}
