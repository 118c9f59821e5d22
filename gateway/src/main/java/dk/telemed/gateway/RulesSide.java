package dk.telemed.gateway;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.registry.RegistryWatcher;
import dk.telemed.gateway.rules.AlertDispatcher;
import dk.telemed.gateway.rules.AlertSink;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.RuleParts;
import dk.telemed.gateway.rules.RulesEngine;
import dk.telemed.gateway.rules.RulesLanes;
import dk.telemed.gateway.rules.SeriesCache;
import dk.telemed.gateway.store.AlertStore;
import dk.telemed.gateway.store.ReadingHistory;
import dk.telemed.gateway.store.SettingsStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the clinical rules' lanes (see {@link RulesLanes}): per lane an engine with its own
 * series cache, alert lifecycle, timers and dispatcher, on the lane's event-loop context,
 * judging the patients the lane's hash gives it. Nothing here does I/O.
 */
final class RulesSide {
    private RulesSide() {
    }

    /** What every lane shares: the stores it reads and writes, and where alerts go. */
    record Shared(RegistryWatcher registry, ClinicalDefaults defaults, AlertSink alerts, AlertStore alertStore,
                  ReadingHistory history, SettingsStore settings, GatewayMetrics metrics, Backoff retries, Clock clock) {
    }

    /**
     * @param contexts one per lane ({@code rules.lanes} of them): the gateway's own for a single lane, otherwise
     *                 each on an event loop of its own
     */
    static RulesLanes build(Vertx vertx, List<Context> contexts, GatewayConfig config, Shared shared) {
        int count = contexts.size();
        Duration lookback = Duration.ofDays(config.rules().openAlertsLookbackDays());
        List<SeriesCache> caches = new ArrayList<>(count);
        Supplier<Future<Void>> settingsRestored = once(() -> shared.settings().load().map(stored -> {
            shared.registry().restore(stored);
            return null;
        }));
        RulesLanes lanes = new RulesLanes(RulesLanes.build(count, i -> {
            Context context = contexts.get(i);
            AlertSink alerts = event -> answeredOn(context, shared.alerts().publish(event));
            AlertDispatcher dispatcher = new AlertDispatcher(vertx, alerts, shared.alertStore(), shared.metrics(), shared.retries());
            SeriesCache series = new SeriesCache(shared.history(), SeriesCache.Delay.timers(vertx), shared.retries(), shared.clock(),
                    Duration.ofSeconds(config.rules().historyCacheSeconds()), RulesEngine.reach(shared.defaults()),
                    Math.max(1, config.rules().historyCacheBytes() / count));
            caches.add(series);
            RulesEngine engine = new RulesEngine(vertx, config.rules(), shared.registry(),
                    patient -> RulesLanes.laneOf(patient, count) == i, shared.defaults(),
                    RuleParts.of(config.rules(), shared.defaults(), shared.registry(), shared.clock()), series, dispatcher,
                    RulesEngine.Restore.of(
                            // The clinicians' stored settings are in force before the first reading is judged; read once for all lanes.
                            () -> answeredOn(context, settingsRestored.get()).compose(v -> shared.alertStore().openAlerts(lookback)),
                            shared.history()::lastReadings, shared.retries()),
                    shared.clock());
            return new RulesLanes.Lane(context, engine);
        }), shared.registry());
        shared.metrics().gauge("telemed.alerts.open", "Alerts raised and not yet resolved", lanes::openCount);
        shared.metrics().gauge("telemed.rules.lanes", "Lanes the clinical rules run in, each on an event loop of its own", lanes::size);
        shared.metrics().counter("telemed.rules.history.series.shed",
                "Series of readings the rules forgot to stay within rules.historyCacheMegabytes; each is read again at its next use",
                () -> caches.stream().mapToLong(SeriesCache::shedTotal).sum());
        for (SeriesCache.HistoryRead why : SeriesCache.HistoryRead.values()) {
            shared.metrics().counter("telemed.rules.history.reads",
                    "Series the rules read from InfluxDB, by reason: first (first use, or first since forgotten), expired "
                            + "(rules.historyCacheSeconds), behind (a late reading), one-use (a reading too far behind to hold)",
                    "reason", why.wireName(), () -> caches.stream().mapToLong(c -> c.reads(why)).sum());
        }
        return lanes;
    }

    /** The future's outcome, told on {@code context} (a promise of that context): a lane's state is touched on its own thread only. */
    private static <T> Future<T> answeredOn(Context context, Future<T> future) {
        Promise<T> answered = ((ContextInternal) context).promise();
        future.onComplete(answered);
        return answered.future();
    }

    /** The first call's future while it succeeds or is pending; a failed one is tried again by the next call. */
    private static <T> Supplier<Future<T>> once(Supplier<Future<T>> load) {
        return new Supplier<>() {
            private Future<T> last;

            @Override
            public synchronized Future<T> get() {
                if (last == null || last.failed()) {
                    last = load.get();
                }
                return last;
            }
        };
    }
}
