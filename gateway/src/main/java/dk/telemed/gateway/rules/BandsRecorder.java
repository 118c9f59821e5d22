package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.BandsVersion;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps the history of each patient's effective bands (the same {@link BandResolver} the rules
 * judge with) so that a reading can later be shown with the limits that applied to it, even
 * after a clinician changed them. A version is recorded whenever a patient's bands for a type
 * differ from the last one recorded: at start, and whenever the registry snapshot changes
 * (a reload of the file, or a clinician's change through the same snapshot path). Versions
 * that could not be written yet are kept and written at the next check, with their own time.
 */
public final class BandsRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(BandsRecorder.class);

    /** Where the versions are kept. */
    public interface Store {
        /** The newest version of each patient and type, keyed by {@link BandsVersion#key()}. */
        Future<Map<String, Bands>> latest();

        Future<Void> write(List<BandsVersion> versions);
    }

    private final Vertx vertx;
    private final Supplier<PatientRegistry> registry;
    private final BandResolver resolver;
    private final Store store;
    private final Clock clock;
    private final Map<String, Bands> known = new HashMap<>();
    private final Map<String, BandsVersion> pending = new LinkedHashMap<>();
    private Context context;
    private PatientRegistry lastSeen;
    private boolean loaded;
    private boolean writing;
    private long timer = -1;

    public BandsRecorder(Vertx vertx, Supplier<PatientRegistry> registry, ClinicalDefaults defaults, Store store, Clock clock) {
        this.vertx = vertx;
        this.registry = registry;
        this.resolver = new BandResolver(defaults);
        this.store = store;
        this.clock = clock;
    }

    /** Call on the gateway's context. Checks every {@code interval}, which also retries failed writes. */
    public void start(Duration interval) {
        context = vertx.getOrCreateContext();
        timer = vertx.setPeriodic(1, interval.toMillis(), id -> check());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The registry snapshot changed: record the new bands now, with this moment as their start. */
    public void registryChanged() {
        if (context != null) {
            context.runOnContext(v -> check());
        }
    }

    private void check() {
        if (!loaded) {
            store.latest().onSuccess(latest -> {
                if (!loaded) {
                    known.putAll(latest);
                    loaded = true;
                    check();
                }
            }).onFailure(e -> LOG.warn("cannot read the bands history from InfluxDB yet ({}); retrying", e.getMessage()));
            return;
        }
        PatientRegistry now = registry.get();
        if (now != lastSeen) {
            lastSeen = now;
            changes(now).forEach(v -> pending.put(v.key(), v));
        }
        flush();
    }

    /** The versions that differ from what is known, stamped now; from here on they are what is known. */
    List<BandsVersion> changes(PatientRegistry snapshot) {
        List<BandsVersion> versions = new ArrayList<>();
        java.time.Instant at = clock.instant();
        for (Patient p : snapshot.patients()) {
            for (MeasurementType type : MeasurementType.values()) {
                Bands bands = resolver.bands(p, type);
                String key = BandsVersion.key(p.id(), type);
                Bands before = known.get(key);
                if (!bands.equals(before) && !(before == null && bands.equals(BandResolver.NO_BANDS))) {
                    versions.add(new BandsVersion(p.id(), type, at, bands));
                    known.put(key, bands);
                }
            }
        }
        return versions;
    }

    private void flush() {
        if (writing || pending.isEmpty()) {
            return;
        }
        List<BandsVersion> batch = List.copyOf(pending.values());
        writing = true;
        store.write(batch).onComplete(r -> {
            writing = false;
            if (r.succeeded()) {
                batch.forEach(v -> pending.remove(v.key(), v));
                LOG.info("bands history: {} new versions recorded", batch.size());
            } else {
                LOG.warn("bands history: {} versions not written yet ({}); retrying", batch.size(), r.cause().getMessage());
            }
        });
    }
}
