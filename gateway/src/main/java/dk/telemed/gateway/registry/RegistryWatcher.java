package dk.telemed.gateway.registry;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Holds the current registry and reloads it when the file's content changes. Polling the
 * content (rather than a file-system watch) also catches editors that replace the file and
 * mounted config maps that swap a symlink. A bad reload keeps the last good registry.
 *
 * <p>The registry it serves is the file's, with the clinicians' dashboard changes
 * ({@link PatientSettings}) laid over it: a field a clinician set wins over the file's field
 * of the same patient until the clinician clears it. A file reload and a dashboard change
 * both make a new snapshot the same way, are logged by {@link RegistryChanges} and told to
 * the {@link RegistryListener}s, and the rules read the new snapshot at the next reading.
 */
public final class RegistryWatcher implements Supplier<PatientRegistry> {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

    private final Vertx vertx;
    private final Path file;
    private final RegistryParser parser = new RegistryParser();
    private final AtomicReference<PatientRegistry> current = new AtomicReference<>();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, PatientSettings> settings = new HashMap<>();
    private PatientRegistry fromFile;
    // A digest of the file's content rather than the content: a registry of 100,000 devices
    // is some 4 MB, held for nothing but this comparison.
    private volatile byte[] lastDigest;
    private long timerId = -1;

    private RegistryWatcher(Vertx vertx, Path file, PatientRegistry initial, byte[] content) {
        this.vertx = vertx;
        this.file = file;
        this.current.set(initial);
        this.fromFile = initial;
        this.lastDigest = digest(content);
    }

    /** Loads the registry once, synchronously: the gateway must not start without a good one. */
    public static RegistryWatcher load(Vertx vertx, Path file) throws RegistryException {
        byte[] content = read(file);
        PatientRegistry registry = new RegistryParser().parse(new String(content, StandardCharsets.UTF_8), file.toString());
        LOG.info("registry {}: {} patients, {} devices", file, registry.patients().size(), registry.deviceCount());
        return new RegistryWatcher(vertx, file, registry, content);
    }

    public void watch(Duration interval) {
        timerId = vertx.setPeriodic(interval.toMillis(), id -> reloadIfChanged());
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    @Override
    public PatientRegistry get() {
        return current.get();
    }

    /** Re-reads the file off the event loop; completes with true when a new registry took effect. */
    public Future<Boolean> reloadIfChanged() {
        return vertx.executeBlocking(() -> {
            byte[] content;
            try {
                content = read(file);
            } catch (RegistryException e) {
                LOG.warn("registry reload failed, keeping the last good registry: {}", e.getMessage());
                return false;
            }
            byte[] digest = digest(content);
            if (Arrays.equals(digest, lastDigest)) {
                return false;
            }
            lastDigest = digest;
            try {
                PatientRegistry next = parser.parse(new String(content, StandardCharsets.UTF_8), file.toString());
                LOG.info("registry {} reloaded: {} patients, {} devices", file, next.patients().size(), next.deviceCount());
                synchronized (this) {
                    fromFile = next;
                    publish("registry file " + file);
                }
                return true;
            } catch (RegistryException e) {
                LOG.warn("registry reload rejected, keeping the last good registry: {}", e.getMessage());
                return false;
            }
        }, false);
    }

    /** Adds a listener for every later snapshot change. */
    public void listen(RegistryListener listener) {
        listeners.add(listener);
    }

    /**
     * Told each time a new registry snapshot has taken effect (a file reload, on a worker
     * thread; a dashboard change, on the event loop), for code that only re-reads {@link #get()}.
     */
    public void onChange(Runnable listener) {
        listen((before, after, changes) -> listener.run());
    }

    /** The patient as the registry file has them, without the dashboard's changes; empty when not in the file. */
    public synchronized Optional<Patient> fromFile(String patientId) {
        return fromFile.patient(patientId);
    }

    /** The dashboard's changes in force for a patient; empty when there are none. */
    public synchronized Optional<PatientSettings> settings(String patientId) {
        return Optional.ofNullable(settings.get(patientId));
    }

    /**
     * Puts a clinician's changes for one patient in force (an overlay with no field set
     * removes it), effective from the next reading. {@code actor} names who, for the log.
     */
    public synchronized PatientRegistry apply(PatientSettings change, String actor) {
        if (change.isEmpty()) {
            settings.remove(change.patientId());
        } else {
            settings.put(change.patientId(), change);
        }
        return publish(actor);
    }

    /** Takes the stored dashboard changes read back at start; logged like any other change. */
    public synchronized void restore(List<PatientSettings> stored) {
        stored.forEach(s -> {
            if (!s.isEmpty()) {
                settings.put(s.patientId(), s);
            }
        });
        publish("settings stored from the dashboard");
    }

    private PatientRegistry publish(String actor) {
        List<Patient> composed = new ArrayList<>();
        boolean overlaid = false;
        for (Patient p : fromFile.patients()) {
            PatientSettings own = settings.get(p.id());
            overlaid |= own != null;
            composed.add(own == null ? p : own.applyTo(p));
        }
        // Without any overlay the file's registry is the one in force, rather than a second
        // index of every patient and device with the same content.
        PatientRegistry next = overlaid ? new PatientRegistry(composed) : fromFile;
        PatientRegistry previous = current.getAndSet(next);
        List<RegistryChanges.Change> changes = RegistryChanges.log(previous, next, actor);
        for (RegistryListener l : listeners) {
            try {
                l.changed(previous, next, changes);
            } catch (RuntimeException e) {
                LOG.error("a registry listener failed; the new registry is in force regardless", e);
            }
        }
        return next;
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] read(Path file) throws RegistryException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RegistryException(file.toString(), List.of("cannot read the file: " + e));
        }
    }
}
