package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.config.RulesConfig;
import dk.telemed.gateway.ingest.DeviceStatus;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.PatientRegistry;
import dk.telemed.gateway.registry.RegistryParser;
import dk.telemed.testsupport.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine on a real event loop with the shipped defaults, an in-memory store in place of
 * InfluxDB and a recording sink in place of the broker.
 */
class RulesEngineTest {
    static final String REGISTRY = """
            patients:
              - { id: p-copd, careTeam: nord-akut, conditions: [copd], devices: [oxi-1, spiro-1] }
              - { id: p-other, careTeam: nord-akut, conditions: [copd], devices: [oxi-2] }
              - { id: p-diab, careTeam: syd, conditions: [diabetes], devices: [gluco-3] }
            """;
    static final RulesConfig CONFIG = new RulesConfig("unused", "Europe/Copenhagen", 60, 30, 3, "", 30, 300,
            "teknik", 20, 10, 300, 0, 365, 1);

    Vertx vertx;
    Context context;
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T12:00:00Z"));
    final Map<String, NavigableMap<Instant, Double>> stored = new HashMap<>();
    final List<AlertEvent> published = new CopyOnWriteArrayList<>();
    final Map<String, AlertChange> recorded = new LinkedHashMap<>();
    final AtomicInteger sinkFailuresToCome = new AtomicInteger();
    final AtomicInteger storeFailuresToCome = new AtomicInteger();
    final AtomicReference<PatientRegistry> registry = new AtomicReference<>();
    RulesEngine engine;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        registry.set(new RegistryParser().parse(REGISTRY, "test"));
        engine = engine(List.of());
    }

    @AfterEach
    void stop() throws Exception {
        on(() -> {
            engine.stop();
            return Future.succeededFuture();
        });
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    RulesEngine engine(List<OpenAlert> open) throws Exception {
        return engine(open, (patient, type, from, to, limit) -> storeFailuresToCome.getAndDecrement() > 0
                ? Future.failedFuture("read timed out")
                : Future.succeededFuture(Fixtures.series(stored.getOrDefault(patient + "|" + type.wireName(), new TreeMap<>())
                        .subMap(from, true, to, true))));
    }

    RulesEngine engine(List<OpenAlert> open, SeriesCache.Source source) throws Exception {
        return engine(open, source, Duration.ofMinutes(5));
    }

    /** @param seriesTtl how long a series' history is used before it is read again */
    RulesEngine engine(List<OpenAlert> open, SeriesCache.Source source, Duration seriesTtl) throws Exception {
        AlertDispatcher dispatcher = new AlertDispatcher(vertx, event -> {
            if (sinkFailuresToCome.getAndDecrement() > 0) {
                return Future.failedFuture("broker away");
            }
            published.add(event);
            return Future.succeededFuture();
        }, change -> {
            synchronized (recorded) {
                recorded.put(change.alert().alertId(), change);
            }
            return Future.succeededFuture();
        }, new GatewayMetrics(new SimpleMeterRegistry()), new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));
        SeriesCache series = new SeriesCache(source, SeriesCache.Delay.timers(vertx), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)), clock,
                seriesTtl,
                RulesEngine.reach(Fixtures.shipped()));
        RulesEngine e = new RulesEngine(vertx, CONFIG, registry::get, patient -> true, Fixtures.shipped(),
                RuleParts.of(CONFIG, Fixtures.shipped(), registry::get, clock), series, dispatcher,
                new RulesEngine.Restore() {
                    @Override
                    public Future<List<OpenAlert>> openAlerts() {
                        return Future.succeededFuture(open);
                    }

                    @Override
                    public Future<List<Reading>> lastReadings() {
                        return Future.succeededFuture(List.of());
                    }

                    @Override
                    public Backoff retries() {
                        return new Backoff(Duration.ofMillis(10), Duration.ofMillis(50));
                    }
                }, clock);
        on(e::start);
        return e;
    }

    <T> T on(Supplier<Future<T>> action) throws Exception {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(p));
        return p.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Stores the readings, as the reading store does, then hands them to the engine. */
    void send(Reading... readings) throws Exception {
        for (Reading r : readings) {
            stored.computeIfAbsent(r.patientId() + "|" + r.type().wireName(), k -> new TreeMap<>()).put(r.ts(), r.value());
        }
        on(() -> engine.accepted(List.of(readings), List.of()));
    }

    static Reading reading(String patient, MeasurementType type, Instant ts, double value) {
        return new Reading(patient, "dev", type, ts, value);
    }

    List<String> events(String patient) {
        return published.stream().filter(e -> e.patient().equals(patient))
                .map(e -> e.event().wireName() + " " + e.rule()).toList();
    }

    @Test
    void readingsWaitingForTheirSeriesHistoryCountAsHeldUntilJudged() throws Exception {
        Promise<NavigableMap<Instant, Double>> history = Promise.promise();
        on(() -> {
            engine.stop();
            return Future.succeededFuture();
        });
        engine = engine(List.of(), (patient, type, from, to, limit) -> history.future().map(Fixtures::series));
        Instant t = clock.instant().minus(Duration.ofMinutes(5));
        Promise<Void> done = Promise.promise();
        on(() -> {
            engine.accepted(List.of(reading("p-diab", MeasurementType.GLUCOSE, t, 2.6)), List.of()).onComplete(done);
            return Future.succeededFuture();
        });
        assertThat(engine.awaitingJudgement()).isEqualTo(1);
        assertThat(done.future().isComplete()).isFalse();
        context.runOnContext(v -> history.complete(new TreeMap<>()));
        done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(engine.awaitingJudgement()).isZero();
        assertThat(events("p-diab")).containsExactly("raised glucose.red.below");
    }

    @Test
    void aHypoRaisesExactlyOneRedAlertAndNormalReadingsResolveIt() throws Exception {
        Instant t = clock.instant().minus(Duration.ofMinutes(5));
        send(reading("p-diab", MeasurementType.GLUCOSE, t, 2.6));
        for (int i = 1; i <= 10; i++) {
            send(reading("p-diab", MeasurementType.GLUCOSE, t.plusSeconds(i * 10L), 2.4 + i * 0.05));
        }
        on(() -> engine.accepted(List.of(), List.of(new DeviceLimit("p-diab", "gluco-3", MeasurementType.GLUCOSE,
                t.plusSeconds(200), DeviceLimit.Side.LO))));
        assertThat(events("p-diab")).containsExactly("raised glucose.red.below");
        send(reading("p-diab", MeasurementType.GLUCOSE, t.plusSeconds(300), 5.8));
        assertThat(events("p-diab")).containsExactly("raised glucose.red.below", "resolved glucose.red.below");
        assertThat(published).extracting(AlertEvent::alertId).containsOnly(published.get(0).alertId());
        assertThat(published.get(0).careTeam()).isEqualTo("syd");
        assertThat(published.get(0).late()).isFalse();
        assertThat(recorded.get(published.get(0).alertId()).alert().state()).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void aCopdExacerbationOverDaysRaisesYellowThenRedForThatPatientOnly() throws Exception {
        Instant day = clock.instant().minus(Duration.ofDays(6));
        double[] spo2 = {93, 92, 89, 89, 87, 86};
        double[] fev1 = {1.60, 1.62, 1.58, 1.25, 1.10, 1.05};
        for (int i = 0; i < spo2.length; i++) {
            Instant ts = day.plus(Duration.ofDays(i));
            send(reading("p-copd", MeasurementType.SPO2, ts, spo2[i]));
            send(reading("p-copd", MeasurementType.FEV1, ts, fev1[i]));
            send(reading("p-other", MeasurementType.SPO2, ts, 92));
        }
        assertThat(events("p-copd")).containsExactly(
                "raised spo2.yellow.below",
                "raised fev1.yellow.baseline",
                "escalated spo2.red.below",
                "escalated fev1.red.baseline");
        assertThat(events("p-other")).isEmpty();
        assertThat(published).allSatisfy(e -> assertThat(e.late()).isTrue());
    }

    @Test
    void aRestartNeitherForgetsNorRepeatsAnOpenAlert() throws Exception {
        Instant t = clock.instant().minus(Duration.ofMinutes(5));
        send(reading("p-copd", MeasurementType.SPO2, t, 86));
        String alertId = published.get(0).alertId();
        on(() -> {
            engine.stop();
            return Future.succeededFuture();
        });
        engine = engine(List.of(recorded.get(alertId).alert()));
        send(reading("p-copd", MeasurementType.SPO2, t.plusSeconds(60), 85));
        assertThat(events("p-copd")).containsExactly("raised spo2.red.below");
        send(reading("p-copd", MeasurementType.SPO2, t.plusSeconds(120), 93));
        assertThat(events("p-copd")).containsExactly("raised spo2.red.below", "resolved spo2.red.below");
        assertThat(published.get(1).alertId()).isEqualTo(alertId);
    }

    @Test
    void theReadingWaitsUntilItsAlertIsOnItsWay() throws Exception {
        sinkFailuresToCome.set(3);
        send(reading("p-diab", MeasurementType.GLUCOSE, clock.instant(), 2.5));
        assertThat(events("p-diab")).containsExactly("raised glucose.red.below");
        assertThat(recorded).hasSize(1);
    }

    @Test
    void aStoreThatDoesNotAnswerDelaysTheMessageButNeverFailsIt() throws Exception {
        storeFailuresToCome.set(3);
        send(reading("p-diab", MeasurementType.GLUCOSE, clock.instant(), 2.5));
        assertThat(events("p-diab")).containsExactly("raised glucose.red.below");
    }

    @Test
    void aThresholdChangeInTheRegistryTakesEffectOnTheNextReading() throws Exception {
        Instant t = clock.instant().minus(Duration.ofMinutes(5));
        send(reading("p-other", MeasurementType.SPO2, t, 87));
        assertThat(events("p-other")).containsExactly("raised spo2.red.below");
        send(reading("p-other", MeasurementType.SPO2, t.plusSeconds(60), 93));
        registry.set(new RegistryParser().parse(REGISTRY.replace("devices: [oxi-2] }",
                "devices: [oxi-2], thresholds: { spo2: { red: { below: 85 }, yellow: { below: 86 } } } }"), "test"));
        send(reading("p-other", MeasurementType.SPO2, t.plusSeconds(120), 87));
        assertThat(events("p-other")).containsExactly("raised spo2.red.below", "resolved spo2.red.below");
        send(reading("p-other", MeasurementType.SPO2, t.plusSeconds(180), 84));
        assertThat(published.get(published.size() - 1).thresholds().orElseThrow().red().below()).hasValue(85);
    }

    @Test
    void aLowBatteryGoesToTheTechnicalTeamAndResolvesWithAMargin() throws Exception {
        on(() -> engine.status("oxi-1", new DeviceStatus(Optional.of(true), OptionalInt.of(12))));
        on(() -> engine.status("oxi-1", new DeviceStatus(Optional.of(true), OptionalInt.of(25))));
        on(() -> engine.status("no-such-device", new DeviceStatus(Optional.empty(), OptionalInt.of(5))));
        assertThat(published).hasSize(1);
        AlertEvent low = published.get(0);
        assertThat(low.careTeam()).isEqualTo("teknik");
        assertThat(low.type()).isEqualTo("device");
        assertThat(low.rule()).isEqualTo("device.battery.low");
        assertThat(low.severity()).isEqualTo(Severity.YELLOW);
        on(() -> engine.status("oxi-1", new DeviceStatus(Optional.of(true), OptionalInt.of(30))));
        assertThat(published).extracting(AlertEvent::event).containsExactly(AlertEventType.RAISED, AlertEventType.RESOLVED);
    }

    @Test
    void acknowledgingNamesWhoAndAnUnknownAlertFails() throws Exception {
        send(reading("p-diab", MeasurementType.GLUCOSE, clock.instant(), 2.5));
        OpenAlert acked = on(() -> engine.acknowledge(published.get(0).alertId(), "anna", Optional.of("ringet op")));
        assertThat(acked.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(published.get(1).event()).isEqualTo(AlertEventType.ACKNOWLEDGED);
        assertThat(published.get(1).acknowledgedBy()).contains("anna");
        Promise<Throwable> failure = Promise.promise();
        context.runOnContext(v -> engine.acknowledge("nope", "anna", Optional.empty()).onComplete(r -> failure.complete(r.cause())));
        assertThat(failure.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void missingReadingsRaiseBlueAndTheNextReadingResolvesIt() throws Exception {
        clock.advance(Duration.ofDays(2));
        on(() -> {
            engine.checkMissing();
            return Future.succeededFuture();
        });
        List<String> diab = new ArrayList<>(events("p-diab"));
        assertThat(diab).containsExactly("raised glucose.blue.missing");
        send(reading("p-diab", MeasurementType.GLUCOSE, clock.instant(), 6.0));
        assertThat(events("p-diab")).containsExactly("raised glucose.blue.missing", "resolved glucose.blue.missing");
    }

    /**
     * A hub uploads yesterday's pulse readings while the patient's other device reports live,
     * a tachycardic spell among the live ones: the alerts are those of the same readings
     * arriving in time order, and the history is read from the store once, not per late reading.
     */
    @Test
    void aBacklogInterleavedWithLiveReadingsAlertsAsInTimeOrderWithoutAQueryPerReading() throws Exception {
        List<Reading> backlog = pulses(clock.instant().minus(Duration.ofDays(1)), Duration.ofMinutes(5), i -> 72);
        List<Reading> live = pulses(clock.instant().minus(Duration.ofHours(1)), Duration.ofSeconds(15), i -> i >= 100 && i < 110 ? 135 : 74);
        AtomicInteger loads = new AtomicInteger();
        List<String> inOrder = alertsOf(loads, Duration.ofMinutes(5), () -> {
            backlog.forEach(this::sendQuietly);
            live.forEach(this::sendQuietly);
        });
        int inOrderLoads = loads.getAndSet(0);
        List<String> interleaved = alertsOf(loads, Duration.ofMinutes(5), () -> alternate(live, backlog));
        assertThat(interleaved).isEqualTo(inOrder).containsExactly("raised pulse.red.above", "resolved pulse.red.above");
        assertThat(inOrderLoads).isEqualTo(1);
        assertThat(loads.get()).isLessThanOrEqualTo(2);
    }

    /**
     * The spell in the backlog this time: each late alarming reading is judged against the
     * readings before its own time and its alert is marked late, exactly as when the history
     * is read from the store for every reading.
     */
    @Test
    void lateReadingsJudgedFromMemoryReachTheVerdictsOfReadingTheStoreForEachReading() throws Exception {
        List<Reading> backlog = pulses(clock.instant().minus(Duration.ofDays(1)), Duration.ofMinutes(5), i -> i >= 100 && i < 103 ? 135 : 72);
        List<Reading> live = pulses(clock.instant().minus(Duration.ofHours(1)), Duration.ofSeconds(15), i -> 74);
        AtomicInteger loads = new AtomicInteger();
        // A time-to-live of zero on a clock that moves on a millisecond per reading: the store is read for every reading.
        List<String> everyReadingRead = alertsOf(loads, Duration.ZERO, () -> alternate(live, backlog));
        assertThat(loads.getAndSet(0)).isGreaterThanOrEqualTo(live.size() + backlog.size());
        List<String> fromMemory = alertsOf(loads, Duration.ofMinutes(5), () -> alternate(live, backlog));
        assertThat(fromMemory).isEqualTo(everyReadingRead).contains("raised pulse.red.above late");
        assertThat(loads.get()).isLessThanOrEqualTo(2);
    }

    static List<Reading> pulses(Instant from, Duration every, java.util.function.IntUnaryOperator value) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            readings.add(reading("p-copd", MeasurementType.PULSE, from.plus(every.multipliedBy(i)), value.applyAsInt(i)));
        }
        return readings;
    }

    void alternate(List<Reading> a, List<Reading> b) {
        for (int i = 0; i < a.size(); i++) {
            sendQuietly(a.get(i));
            sendQuietly(b.get(i));
        }
    }

    void sendQuietly(Reading r) {
        clock.advance(Duration.ofMillis(1));
        try {
            send(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the arrivals on a fresh engine and store, counting the history loads; the alert events, late ones marked. */
    List<String> alertsOf(AtomicInteger loads, Duration seriesTtl, Runnable arrivals) throws Exception {
        on(() -> {
            engine.stop();
            return Future.succeededFuture();
        });
        stored.clear();
        published.clear();
        engine = engine(List.of(), (patient, type, from, to, limit) -> {
            loads.incrementAndGet();
            return Future.succeededFuture(Fixtures.series(stored.getOrDefault(patient + "|" + type.wireName(), new TreeMap<>())
                    .subMap(from, true, to, true)));
        }, seriesTtl);
        arrivals.run();
        return published.stream().map(e -> e.event().wireName() + " " + e.rule() + (e.late() ? " late" : "")).toList();
    }
}
