package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.config.RulesConfig;
import dk.telemed.gateway.ingest.DeviceStatus;
import dk.telemed.gateway.ingest.ReadingListener;
import dk.telemed.gateway.ingest.StatusListener;
import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The clinical rules on the gateway's event loop: judges each stored reading (bands, trends,
 * the missing-reading clock), each device's LO/HI and each battery status, hands every alert
 * state change to the dispatcher, and acknowledges a message only once the changes its
 * readings caused are on their way. Two timers re-notify unacknowledged red alerts and look
 * for missing readings. The registry is read at every reading, so a threshold change takes
 * effect on the next one.
 */
public final class RulesEngine implements ReadingListener, StatusListener, AlertBoard {
    private static final Logger LOG = LoggerFactory.getLogger(RulesEngine.class);
    /** A month back is as far as "readings in a row" reach for persistence and hysteresis. */
    private static final Duration BAND_WINDOW = Duration.ofDays(30);
    private static final int BAND_CAP = 16;
    private static final int TREND_CAP = 2000;
    private static final Comparator<Reading> BY_TIME = Comparator.comparing(Reading::ts);

    /** Reads back, at start, what the store knows: open alerts and each patient's last readings. */
    public interface Restore {
        Future<List<OpenAlert>> openAlerts();

        Future<List<Reading>> lastReadings();

        /** How long to wait between the attempts while the store does not answer. */
        Backoff retries();

        static Restore of(Supplier<Future<List<OpenAlert>>> openAlerts, Supplier<Future<List<Reading>>> lastReadings, Backoff retries) {
            return new Restore() {
                @Override
                public Backoff retries() {
                    return retries;
                }

                @Override
                public Future<List<OpenAlert>> openAlerts() {
                    return openAlerts.get();
                }

                @Override
                public Future<List<Reading>> lastReadings() {
                    return lastReadings.get();
                }
            };
        }
    }

    private final Vertx vertx;
    private final RulesConfig config;
    private final Supplier<PatientRegistry> registry;
    /** The patients this engine judges (its lane's, see {@link RulesLanes}); the others' readings never reach it. */
    private final Predicate<String> patients;
    private final ClinicalDefaults defaults;
    private final SeriesCache series;
    private final AlertDispatcher dispatcher;
    private final Restore restore;
    private final Clock clock;
    private final ZoneId zone;
    private final BandResolver bands;
    private final AlertLifecycle lifecycle;
    private final Escalator escalator;
    private final MissingReadingMonitor missing;
    private final ConfirmWindows timings;
    private final BatteryMonitor battery;
    private final RelativeRule relative = new RelativeRule();
    private final Promise<Void> ready = Promise.promise();
    private volatile Instant readyAt;
    // Read by the MQTT client's thread (IntakeGate), written on the event loop.
    private final AtomicInteger awaitingJudgement = new AtomicInteger();
    private final AtomicLong judgedTotal = new AtomicLong();
    private final List<Long> timers = new ArrayList<>();
    private Context context;
    private boolean stopped;

    /**
     * @param patients the patients this engine judges, by id: what it restores, and whose missing readings it looks for
     * @param parts    what the engine judges with (see {@link RuleParts#of})
     */
    public RulesEngine(Vertx vertx, RulesConfig config, Supplier<PatientRegistry> registry, Predicate<String> patients,
                       ClinicalDefaults defaults, RuleParts parts, SeriesCache series, AlertDispatcher dispatcher, Restore restore,
                       Clock clock) {
        this.vertx = vertx;
        this.zone = config.zone();
        this.config = config;
        this.registry = registry;
        this.patients = patients;
        this.defaults = defaults;
        this.series = series;
        this.dispatcher = dispatcher;
        this.restore = restore;
        this.clock = clock;
        this.bands = parts.bands();
        this.lifecycle = parts.lifecycle();
        this.escalator = parts.escalator();
        this.timings = parts.timings();
        this.missing = parts.missing();
        this.battery = parts.battery();
    }

    /**
     * How far back each type's rules look: a trend's whole window, or only the few readings in
     * a row that persistence and hysteresis count.
     */
    public static Function<MeasurementType, SeriesCache.Reach> reach(ClinicalDefaults defaults) {
        // Asked for every judged series: worked out once per type.
        Map<MeasurementType, SeriesCache.Reach> byType = new EnumMap<>(MeasurementType.class);
        for (MeasurementType type : MeasurementType.values()) {
            BandTiming t = defaults.timing(type);
            int inARow = Math.max(Math.max(t.red().readings(), t.yellow().readings()), t.resolveReadings());
            Optional<SeriesCache.Reach> trend = defaults.trends(type).stream().map(TrendRule::window).max(Comparator.naturalOrder())
                    .map(w -> new SeriesCache.Reach(w.compareTo(BAND_WINDOW) > 0 ? w : BAND_WINDOW, TREND_CAP, TREND_CAP));
            // A relative limit's level takes at most RelativeRule.MOST_READINGS readings of its window.
            Optional<SeriesCache.Reach> relative = defaults.relativeWindow(type).map(w -> new SeriesCache.Reach(BAND_WINDOW,
                    RelativeRule.MOST_READINGS + inARow, RelativeRule.MOST_READINGS + BAND_CAP));
            byType.put(type, trend.or(() -> relative).orElse(new SeriesCache.Reach(BAND_WINDOW, inARow, BAND_CAP)));
        }
        return byType::get;
    }

    /**
     * Rebuilds the open alerts and the missing-reading clocks from the store (retrying until
     * InfluxDB answers), then starts the timers. Readings wait for this, so a restart neither
     * forgets an open alert nor raises it again. Call on the gateway's event-loop context.
     */
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        restoreState(restore.retries().firstMs());
        return ready.future().onSuccess(v -> {
            timers.add(vertx.setPeriodic(config.escalationCheckSeconds() * 1000L, id -> checkEscalations()));
            timers.add(vertx.setPeriodic(config.missingCheckSeconds() * 1000L, id -> checkMissing()));
        });
    }

    public void stop() {
        stopped = true;
        timers.forEach(vertx::cancelTimer);
        series.stop();
        dispatcher.stop();
    }

    private void restoreState(long backoffMs) {
        restore.openAlerts().compose(open -> restore.lastReadings().map(seen -> {
            List<OpenAlert> mine = open.stream().filter(a -> patients.test(a.key().patient())).toList();
            List<Reading> last = seen.stream().filter(r -> patients.test(r.patientId())).toList();
            mine.forEach(lifecycle::restore);
            last.forEach(r -> missing.seen(r.patientId(), r.type(), r.ts()));
            LOG.info("rules ready: {} open alerts rebuilt from InfluxDB, last readings of {} series", mine.size(), last.size());
            return (Void) null;
        })).onSuccess(v -> {
            readyAt = clock.instant();
            ready.tryComplete();
        }).onFailure(e -> {
            if (!stopped) {
                LOG.warn("cannot rebuild open alerts from InfluxDB yet ({}); readings wait; retrying in {} ms", e.getMessage(), backoffMs);
                vertx.setTimer(backoffMs, id -> restoreState(restore.retries().afterMs(backoffMs)));
            }
        });
    }

    @Override
    public Future<Void> accepted(List<Reading> stored, List<DeviceLimit> limits) {
        if (stored.isEmpty() && limits.isEmpty()) {
            return Future.succeededFuture();
        }
        awaitingJudgement.incrementAndGet();
        Future<List<Future<Void>>> judged = ready.future().compose(v -> {
            List<Future<Future<Void>>> each = new ArrayList<>();
            bySeries(stored).forEach(readings -> each.add(judgeSeries(readings)));
            limits.forEach(l -> each.add(judgeLimit(l)));
            return Future.all(each).map(all -> each.stream().map(Future::result).toList());
        });
        judged.onComplete(x -> {
            awaitingJudgement.decrementAndGet();
            judgedTotal.incrementAndGet();
        });
        return judged.compose(settling -> Future.all(settling).mapEmpty());
    }

    /** Each patient's series in the message, in time order: most messages hold one reading, or one series. */
    private static Collection<List<Reading>> bySeries(List<Reading> stored) {
        if (stored.size() == 1) {
            return List.of(stored);
        }
        List<Reading> sorted = new ArrayList<>(stored);
        sorted.sort(BY_TIME);
        Map<SeriesKey, List<Reading>> bySeries = new LinkedHashMap<>();
        for (Reading r : sorted) {
            bySeries.computeIfAbsent(new SeriesKey(r.patientId(), r.type()), k -> new ArrayList<>()).add(r);
        }
        return bySeries.values();
    }

    private record SeriesKey(String patient, MeasurementType type) {
    }

    /**
     * Messages whose readings are stored but not yet judged (waiting for the rules to be ready
     * or for a series' history from InfluxDB): under overload this is where readings pile up.
     * For the metrics; safe from any thread.
     */
    public int awaitingJudgement() {
        return awaitingJudgement.get();
    }

    /** Alerts raised and not yet resolved; for the metrics. */
    public int openCount() {
        return lifecycle.openCount();
    }

    /** Messages whose readings the rules have judged so far; safe from any thread. */
    public long judgedTotal() {
        return judgedTotal.get();
    }

    /** Completes once the readings are judged, with the future of the alerts they changed being settled. */
    private Future<Future<Void>> judgeSeries(List<Reading> readings) {
        Reading first = readings.get(0);
        return series.with(first.patientId(), first.type(), first.ts(), readings.get(readings.size() - 1).ts(), history -> {
            for (Reading r : readings) {
                history.put(r.ts(), r.value());
                int at = history.indexOf(r.ts());
                registry.get().patient(r.patientId()).ifPresent(p -> judgeReading(p, r, history, at));
            }
            return settled(first.patientId(), first.type());
        });
    }

    /**
     * A rule that throws is a defect: it is logged and the other rules and readings go on,
     * because failing the message would hold back every later acknowledgement of the connection.
     */
    private void judgeReading(Patient p, Reading r, Series history, int at) {
        try {
            judgeSafely(p, r, history, at);
        } catch (RuntimeException e) {
            LOG.error("rules could not judge a {} reading of patient {}", r.type().wireName(), p.id(), e);
        }
    }

    /** Judges the {@code at}th reading of {@code history}, {@code r}, against it and the readings before it. */
    private void judgeSafely(Patient p, Reading r, Series history, int at) {
        List<Verdict> verdicts = new ArrayList<>(BandRule.judge(p, r.type(), bands.bands(p, r.type()), timings.of(p, r.type()), history, at));
        defaults.trends(r.type()).forEach(rule -> BaselineRule.judge(p, rule, history, at).ifPresent(verdicts::add));
        defaults.relative(p, r.type()).flatMap(limit -> relative.judge(p, r.type(), limit, history, at)
                .filter(v -> !RelativeRule.toldByBands(v, limit, verdicts))).ifPresent(verdicts::add);
        apply(verdicts);
        measured(p, r.type(), r.ts());
    }

    private Future<Future<Void>> judgeLimit(DeviceLimit l) {
        return series.with(l.patientId(), l.type(), l.ts(), history -> {
            registry.get().patient(l.patientId()).ifPresent(p -> {
                BandRule.deviceLimit(p, l, bands.bands(p, l.type())).ifPresent(v -> apply(List.of(v)));
                measured(p, l.type(), l.ts());
            });
            return settled(l.patientId(), l.type());
        });
    }

    /** A reading came: the missing-reading clock restarts, and a blue alert resolves unless the plan still finds it overdue. */
    private void measured(Patient p, MeasurementType type, Instant ts) {
        missing.seen(p.id(), type, ts);
        if (!missing.overdue(p, type, clock.instant())) {
            // Worded only when it resolves a missing-reading alert, which is rare next to the readings that pass here.
            apply(List.of(new Verdict.Clear(AlertKey.missing(p.id(), type), OptionalDouble.empty(), Optional.empty(),
                    () -> Wording.name(type) + " reading received (measured " + Wording.when(ts, zone) + ")")));
        }
    }

    /**
     * A rule kept outside this package (the symptom questionnaires): its verdicts about one
     * patient go through the same lifecycle as the readings' ones. {@code rule} is asked once
     * the open alerts are rebuilt, with a look-up of the open alerts by identity; the future
     * completes when the changes it made are handed on. Call on the gateway's event-loop context.
     */
    public Future<Void> judge(String patientId, Function<Function<AlertKey, Optional<OpenAlert>>, List<Verdict>> rule) {
        return ready.future().compose(v -> {
            try {
                apply(rule.apply(lifecycle::find));
            } catch (RuntimeException e) {
                LOG.error("rules could not judge patient {}", patientId, e);
            }
            return dispatcher.settled(k -> k.patient().equals(patientId));
        });
    }

    @Override
    public Future<Void> status(String deviceId, DeviceStatus status) {
        if (status.batteryPercent().isEmpty()) {
            return Future.succeededFuture();
        }
        return ready.future().compose(v -> {
            Optional<Patient> owner = registry.get().ownerOf(deviceId);
            if (owner.isEmpty()) {
                return Future.succeededFuture();
            }
            battery.judge(owner.get(), deviceId, status.batteryPercent().getAsInt()).ifPresent(verdict -> apply(List.of(verdict)));
            AlertKey key = AlertKey.battery(owner.get().id(), deviceId);
            return dispatcher.settled(key::equals);
        });
    }

    @Override
    public Future<OpenAlert> acknowledge(String alertId, String username, Optional<String> note) {
        Promise<OpenAlert> result = Promise.promise();
        context.runOnContext(x -> ready.future().compose(v -> {
            Optional<AlertChange> change;
            try {
                change = lifecycle.acknowledge(alertId, username, note);
            } catch (NoSuchElementException e) {
                return Future.<OpenAlert>failedFuture(e);
            }
            OpenAlert now = change.map(AlertChange::alert).orElseGet(() -> lifecycle.find(alertId).orElseThrow());
            return change.map(dispatcher::dispatch).orElse(Future.succeededFuture()).map(d -> now);
        }).onComplete(result));
        return result.future();
    }

    /** Whether the open alerts of this gateway's patients have been rebuilt from the store since start. */
    @Override
    public boolean isReady() {
        return ready.future().isComplete();
    }

    @Override
    public Optional<Instant> readySince() {
        return Optional.ofNullable(readyAt);
    }

    /** The open alerts of this gateway's patients; a snapshot. */
    @Override
    public Future<List<OpenAlert>> openAlerts() {
        Promise<List<OpenAlert>> result = Promise.promise();
        context.runOnContext(x -> result.complete(List.copyOf(lifecycle.open())));
        return result.future();
    }

    void checkEscalations() {
        escalator.due(lifecycle, clock.instant()).forEach(dispatcher::dispatch);
        series.evictIdle();
        relative.evictBefore(clock.instant().minus(Duration.ofDays(1)));
    }

    void checkMissing() {
        apply(missing.check(registry.get().patients().stream().filter(p -> patients.test(p.id())).toList(), clock.instant()));
    }

    private void apply(List<Verdict> verdicts) {
        for (Verdict v : verdicts) {
            lifecycle.apply(v).ifPresent(dispatcher::dispatch);
        }
    }

    private Future<Void> settled(String patient, MeasurementType type) {
        return dispatcher.settled(k -> k.patient().equals(patient) && k.type().equals(type.wireName()));
    }
}
