package dk.telemed.gateway;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTest {
    private final List<String> log = new ArrayList<>();

    private Lifecycle.Start starts(String name) {
        return () -> {
            log.add("start " + name);
            return Future.succeededFuture();
        };
    }

    private Lifecycle.Stop stops(String name) {
        return () -> {
            log.add("stop " + name);
            return Future.succeededFuture();
        };
    }

    @Test
    void partsStartInOrderAndStopInReverse() {
        Lifecycle lifecycle = new Lifecycle()
                .add("store", starts("store"), stops("store"))
                .add("rules", starts("rules"), stops("rules"))
                .add("broker", starts("broker"), stops("broker"));

        assertThat(lifecycle.start().succeeded()).isTrue();
        assertThat(lifecycle.stop().succeeded()).isTrue();

        assertThat(log).containsExactly("start store", "start rules", "start broker", "stop broker", "stop rules", "stop store");
    }

    @Test
    void aPartThatCannotStartStopsTheStartAndOnlyTheStartedPartsAreStopped() {
        Lifecycle lifecycle = new Lifecycle()
                .add("store", starts("store"), stops("store"))
                .add("broker", () -> {
                    throw new IllegalArgumentException("no such host");
                }, stops("broker"))
                .add("http", starts("http"), stops("http"));

        Future<Void> started = lifecycle.start();
        lifecycle.stop();

        assertThat(started.failed()).isTrue();
        assertThat(started.cause()).hasMessage("broker: no such host");
        assertThat(log).containsExactly("start store", "stop store");
    }

    @Test
    void aPartThatFailsToStopDoesNotKeepTheOthersRunning() {
        Lifecycle lifecycle = new Lifecycle()
                .add("store", starts("store"), stops("store"))
                .add("webhooks", starts("webhooks"), () -> Future.failedFuture("receiver unreachable"))
                .add("broker", starts("broker"), () -> {
                    throw new IllegalStateException("already closed");
                });

        lifecycle.start();
        Future<Void> stopped = lifecycle.stop();

        assertThat(stopped.succeeded()).isTrue();
        assertThat(log).containsExactly("start store", "start webhooks", "start broker", "stop store");
    }

    @Test
    void stoppingWhatNeverStartedDoesNothing() {
        Lifecycle lifecycle = new Lifecycle().add("store", starts("store"), stops("store"));

        assertThat(lifecycle.stop().succeeded()).isTrue();
        assertThat(log).isEmpty();
    }
}
