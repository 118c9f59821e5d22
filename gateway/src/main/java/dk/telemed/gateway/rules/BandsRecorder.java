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
 *
 * <p>A new registry of many thousand patients brings a version for nearly every patient and
 * type at once; they are written {@link #WRITE_BATCH} at a time, one write after the other,
 * so the points of one write stay small next to the heap whatever the registry's size.
 */
public final class BandsRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(BandsRecorder.class);
    /** Versions per write to the store. */
    static final int WRITE_BATCH = 5_000;
    private static final MeasurementType[] TYPES = MeasurementType.values();

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
    private final int writeBatch;
    private final PatientSeries<Bands> known = new PatientSeries<>();
    private final Map<Series, BandsVersion> pending = new LinkedHashMap<>();
    private Context context;
    private PatientRegistry lastSeen;
    private boolean loaded;
    private boolean writing;
    private long timer = -1;

    public BandsRecorder(Vertx vertx, Supplier<PatientRegistry> registry, ClinicalDefaults defaults, Store store, Clock clock) {
        this(vertx, registry, defaults, store, clock, WRITE_BATCH);
    }

    BandsRecorder(Vertx vertx, Supplier<PatientRegistry> registry, ClinicalDefaults defaults, Store store, Clock clock,
                  int writeBatch) {
        this.vertx = vertx;
        this.registry = registry;
        this.resolver = new BandResolver(defaults);
        this.store = store;
        this.clock = clock;
        this.writeBatch = writeBatch;
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

    void check() {
        if (!loaded) {
            store.latest().onSuccess(latest -> {
                if (!loaded) {
                    latest.forEach(this::remember);
                    loaded = true;
                    check();
                }
            }).onFailure(e -> LOG.warn("cannot read the bands history from InfluxDB yet ({}); retrying", e.getMessage()));
            return;
        }
        PatientRegistry now = registry.get();
        if (now != lastSeen) {
            lastSeen = now;
            changes(now).forEach(v -> pending.put(new Series(v.patient(), v.type()), v));
        }
        flush();
    }

    /** The versions that differ from what is known, stamped now; from here on they are what is known. */
    List<BandsVersion> changes(PatientRegistry snapshot) {
        List<BandsVersion> versions = new ArrayList<>();
        java.time.Instant at = clock.instant();
        for (Patient p : snapshot.patients()) {
            for (MeasurementType type : TYPES) {
                Bands bands = resolver.bands(p, type);
                Bands before = known.get(p.id(), type);
                if (!bands.equals(before) && !(before == null && bands.equals(BandResolver.NO_BANDS))) {
                    versions.add(new BandsVersion(p.id(), type, at, bands));
                    known.put(p.id(), type, bands);
                }
            }
        }
        return versions;
    }

    /** Takes one entry of the store's {@link Store#latest()}, keyed as {@link BandsVersion#key()} makes them. */
    private void remember(String key, Bands bands) {
        // A patient id cannot hold '|' (Identifiers), so the last one ends it.
        int bar = key.lastIndexOf('|');
        if (bar < 0) {
            return;
        }
        MeasurementType.fromWireName(key.substring(bar + 1)).ifPresent(type -> known.put(key.substring(0, bar), type, bands));
    }

    private void flush() {
        if (writing || pending.isEmpty()) {
            return;
        }
        List<BandsVersion> batch = pending.values().stream().limit(writeBatch).toList();
        writing = true;
        // compose turns a write that throws into a failed one: otherwise writing would stay
        // set and nothing would be written again.
        Future.<Void>succeededFuture().compose(v -> store.write(batch)).onComplete(r -> {
            writing = false;
            if (r.succeeded()) {
                batch.forEach(v -> pending.remove(new Series(v.patient(), v.type()), v));
                LOG.info("bands history: {} new versions recorded{}", batch.size(),
                        pending.isEmpty() ? "" : " (" + pending.size() + " still to write)");
                flush();
            } else {
                LOG.warn("bands history: {} versions not written yet ({}); retrying", pending.size(), r.cause().getMessage());
            }
        });
    }

    /** One patient's bands of one type, whose versions follow one another. */
    private record Series(String patient, MeasurementType type) {
    }
}
