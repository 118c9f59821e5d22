package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.registry.PatientRegistry;
import dk.telemed.gateway.registry.RegistryParser;
import dk.telemed.testsupport.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two lanes, each an engine on an event-loop context of its own, behind {@link RulesLanes}, as
 * the gateway runs them on a host with two cores; the shipped defaults, an in-memory store.
 */
class RulesLanesTest {
    /** Patients in both lanes (checked in the first test, so the others show what they claim). */
    static final String REGISTRY = """
            patients:
              - { id: p-copd, careTeam: nord-akut, conditions: [copd], devices: [oxi-1] }
              - { id: p-diab, careTeam: syd, conditions: [diabetes], devices: [gluco-3] }
              - { id: p-diab-2, careTeam: syd, conditions: [diabetes], devices: [gluco-4] }
              - { id: p-diab-3, careTeam: syd, conditions: [diabetes], devices: [gluco-5] }
            """;

    Vertx vertx;
    Context caller;
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T12:00:00Z"));
    final AtomicReference<PatientRegistry> registry = new AtomicReference<>();
    final List<AlertEvent> published = new CopyOnWriteArrayList<>();
    /** The thread each patient's alerts were published from. */
    final Map<String, String> publishedOn = new ConcurrentHashMap<>();
    final Map<String, NavigableMap<Instant, Double>> stored = new ConcurrentHashMap<>();
    final List<RulesLanes.Lane> built = new ArrayList<>();
    RulesLanes lanes;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        caller = ((VertxInternal) vertx).createEventLoopContext();
        registry.set(new RegistryParser().parse(REGISTRY, "test"));
        lanes = new RulesLanes(RulesLanes.build(2, i -> lane(i, 2)), registry::get);
        on(lanes::start);
    }

    @AfterEach
    void stop() throws Exception {
        on(() -> {
            lanes.stop();
            return Future.succeededFuture();
        });
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    RulesLanes.Lane lane(int index, int count) {
        // Each on the next of the event loops, as the gateway's lanes are on one of their own.
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        AlertDispatcher dispatcher = new AlertDispatcher(vertx, event -> {
            published.add(event);
            publishedOn.put(event.patient(), Thread.currentThread().getName());
            return Future.succeededFuture();
        }, change -> Future.succeededFuture(), new GatewayMetrics(new SimpleMeterRegistry()),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));
        SeriesCache series = new SeriesCache((patient, type, from, to, limit) -> Future.succeededFuture(
                Fixtures.series(stored.getOrDefault(patient + "|" + type.wireName(), new TreeMap<>()).subMap(from, true, to, true))),
                SeriesCache.Delay.timers(vertx), new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), clock,
                Duration.ofMinutes(5), RulesEngine.reach(Fixtures.shipped()));
        RulesEngine engine = new RulesEngine(vertx, RulesEngineTest.CONFIG, registry::get,
                patient -> RulesLanes.laneOf(patient, count) == index, Fixtures.shipped(),
                RuleParts.of(RulesEngineTest.CONFIG, Fixtures.shipped(), registry::get, clock), series, dispatcher,
                RulesEngine.Restore.of(() -> Future.succeededFuture(List.of()), () -> Future.succeededFuture(List.of()),
                        new Backoff(Duration.ofMillis(10), Duration.ofMillis(50))), clock);
        RulesLanes.Lane lane = new RulesLanes.Lane(context, engine);
        built.add(lane);
        return lane;
    }

    /** Runs the action on the caller's context (ingest's, in the gateway) and waits for its future. */
    <T> T on(Supplier<Future<T>> action) throws Exception {
        Promise<T> p = Promise.promise();
        caller.runOnContext(v -> action.get().onComplete(p));
        return p.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    Reading glucose(String patient, Instant ts, double value) {
        Reading r = new Reading(patient, "dev", MeasurementType.GLUCOSE, ts, value);
        stored.computeIfAbsent(patient + "|glucose", k -> new TreeMap<>()).put(ts, value);
        return r;
    }

    String threadOf(RulesLanes.Lane lane) throws Exception {
        Promise<String> name = Promise.promise();
        lane.context().runOnContext(v -> name.complete(Thread.currentThread().getName()));
        return name.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void everyPatientKeepsOneLaneAndThePatientsAreSharedOut() {
        assertThat(RulesLanes.laneOf("p-diab", 2)).isNotEqualTo(RulesLanes.laneOf("p-diab-2", 2));
        for (String id : List.of("p-copd", "p-diab", "p-diab-2", "p-diab-3")) {
            assertThat(RulesLanes.laneOf(id, 2)).isEqualTo(RulesLanes.laneOf(new String(id.toCharArray()), 2));
            assertThat(RulesLanes.laneOf(id, 1)).isZero();
        }
        Map<Integer, Integer> perLane = new HashMap<>();
        IntStream.range(0, 1000).forEach(i -> perLane.merge(RulesLanes.laneOf("p-%04d".formatted(i), 4), 1, Integer::sum));
        assertThat(perLane).hasSize(4);
        assertThat(perLane.values()).allSatisfy(n -> assertThat(n).isBetween(200, 300));
    }

    @Test
    void eachPatientIsJudgedOnItsLanesThreadAndTheAnswerComesBackOnTheCallers() throws Exception {
        Instant t = clock.instant().minus(Duration.ofMinutes(5));
        List<Reading> hub = List.of(glucose("p-diab", t, 2.5), glucose("p-diab-2", t, 2.6));
        AtomicReference<Context> answeredOn = new AtomicReference<>();
        on(() -> lanes.accepted(hub, List.of()).onComplete(r -> answeredOn.set(Vertx.currentContext())));

        assertThat(threadOf(built.get(0))).isNotEqualTo(threadOf(built.get(1)));
        assertThat(answeredOn.get()).isSameAs(caller);
        assertThat(published).extracting(e -> e.patient() + " " + e.event().wireName() + " " + e.rule())
                .containsExactlyInAnyOrder("p-diab raised glucose.red.below", "p-diab-2 raised glucose.red.below");
        assertThat(publishedOn.get("p-diab")).isEqualTo(threadOf(built.get(RulesLanes.laneOf("p-diab", 2))));
        assertThat(publishedOn.get("p-diab-2")).isEqualTo(threadOf(built.get(RulesLanes.laneOf("p-diab-2", 2))));
        assertThat(publishedOn.get("p-diab")).isNotEqualTo(publishedOn.get("p-diab-2"));
        assertThat(lanes.openCount()).isEqualTo(2);
        assertThat(lanes.judgedTotal()).isEqualTo(2);
        assertThat(on(lanes::openAlerts)).extracting(a -> a.key().patient()).containsExactlyInAnyOrder("p-diab", "p-diab-2");
    }

    @Test
    void aPatientsReadingsAreJudgedInTheOrderTheyCame() throws Exception {
        Instant t = clock.instant().minus(Duration.ofMinutes(30));
        List<Future<Void>> each = new ArrayList<>();
        Promise<Void> all = Promise.promise();
        // Handed over without waiting, as ingest does: a hypo, then recovery.
        caller.runOnContext(v -> {
            each.add(lanes.accepted(List.of(glucose("p-diab-3", t, 2.4)), List.of()));
            for (int i = 1; i <= 5; i++) {
                each.add(lanes.accepted(List.of(glucose("p-diab-3", t.plusSeconds(60L * i), 6.0)), List.of()));
            }
            Future.all(each).<Void>mapEmpty().onComplete(all);
        });
        all.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(published).extracting(e -> e.event().wireName() + " " + e.rule())
                .containsExactly("raised glucose.red.below", "resolved glucose.red.below");
    }

    @Test
    void anAlertIsAcknowledgedInWhicheverLaneHoldsItAndAnUnknownOneIsNotFound() throws Exception {
        Instant t = clock.instant().minus(Duration.ofMinutes(5));
        on(() -> lanes.accepted(List.of(glucose("p-diab", t, 2.5), glucose("p-diab-2", t, 2.5)), List.of()));
        for (AlertEvent raised : List.copyOf(published)) {
            OpenAlert acked = on(() -> lanes.acknowledge(raised.alertId(), "anna", Optional.empty()));
            assertThat(acked.key().patient()).isEqualTo(raised.patient());
            assertThat(acked.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        }
        Promise<Throwable> failure = Promise.promise();
        caller.runOnContext(v -> lanes.acknowledge("no-such-alert", "anna", Optional.empty()).onComplete(r -> failure.complete(r.cause())));
        assertThat(failure.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void eachLaneLooksForItsOwnPatientsMissingReadingsSoEachIsRaisedOnce() throws Exception {
        clock.advance(Duration.ofDays(2));
        for (RulesLanes.Lane lane : built) {
            Promise<Void> checked = Promise.promise();
            lane.context().runOnContext(v -> {
                lane.engine().checkMissing();
                checked.complete();
            });
            checked.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        List<String> missing = published.stream().filter(e -> e.rule().equals("glucose.blue.missing"))
                .map(AlertEvent::patient).toList();
        assertThat(missing).containsExactlyInAnyOrder("p-diab", "p-diab-2", "p-diab-3");
    }
}
