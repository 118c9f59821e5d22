package dk.telemed.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArrivalOrderTest {
    final ArrivalOrder order = new ArrivalOrder();
    final List<Integer> handedOn = new ArrayList<>();

    Future<Integer> message(int n, Future<StoreOutcome> stored) {
        return order.afterStored(stored, outcome -> {
            handedOn.add(n);
            return Future.succeededFuture(n);
        });
    }

    @Test
    void aMessageStoredBeforeAnEarlierOneWaitsForIt() {
        Promise<StoreOutcome> first = Promise.promise();
        Promise<StoreOutcome> second = Promise.promise();
        Future<Integer> a = message(1, first.future());
        Future<Integer> b = message(2, second.future());
        second.complete(StoreOutcome.ALL_STORED);
        assertThat(handedOn).isEmpty();
        assertThat(b.isComplete()).isFalse();
        first.complete(StoreOutcome.ALL_STORED);
        assertThat(handedOn).containsExactly(1, 2);
        assertThat(a.result()).isEqualTo(1);
        assertThat(b.result()).isEqualTo(2);
    }

    @Test
    void aFailedWriteFailsItsMessageAndLetsTheNextGoOn() {
        Promise<StoreOutcome> first = Promise.promise();
        Future<Integer> a = message(1, first.future());
        Future<Integer> b = message(2, Future.succeededFuture(StoreOutcome.ALL_STORED));
        first.fail("InfluxDB refused");
        assertThat(a.failed()).isTrue();
        assertThat(handedOn).containsExactly(2);
        assertThat(b.succeeded()).isTrue();
    }

    @Test
    void tensOfThousandsReleasedAtOnceAreAllHandedOn() {
        Promise<StoreOutcome> head = Promise.promise();
        List<Future<Integer>> all = new ArrayList<>();
        all.add(message(0, head.future()));
        for (int i = 1; i < 50_000; i++) {
            all.add(message(i, Future.succeededFuture(StoreOutcome.ALL_STORED)));
        }
        head.complete(StoreOutcome.ALL_STORED);
        assertThat(handedOn).hasSize(50_000);
        assertThat(all).allSatisfy(f -> assertThat(f.succeeded()).isTrue());
    }
}
