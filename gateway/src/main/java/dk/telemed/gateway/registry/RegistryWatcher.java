package dk.telemed.gateway.registry;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Holds the current registry and reloads it when the file's content changes. Polling the
 * content (rather than a file-system watch) also catches editors that replace the file and
 * mounted config maps that swap a symlink. A bad reload keeps the last good registry.
 */
public final class RegistryWatcher implements Supplier<PatientRegistry> {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

    private final Vertx vertx;
    private final Path file;
    private final RegistryParser parser = new RegistryParser();
    private final AtomicReference<PatientRegistry> current = new AtomicReference<>();
    private volatile byte[] lastContent = new byte[0];
    private long timerId = -1;
    private final java.util.List<RegistryListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RegistryWatcher(Vertx vertx, Path file, PatientRegistry initial, byte[] content) {
        this.vertx = vertx;
        this.file = file;
        this.current.set(initial);
        this.lastContent = content;
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

    /** Adds a listener for every later snapshot change. */
    public void listen(RegistryListener listener) {
        listeners.add(listener);
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
            if (Arrays.equals(content, lastContent)) {
                return false;
            }
            lastContent = content;
            try {
                PatientRegistry next = parser.parse(new String(content, StandardCharsets.UTF_8), file.toString());
                PatientRegistry previous = current.getAndSet(next);
                LOG.info("registry {} reloaded: {} patients, {} devices", file, next.patients().size(), next.deviceCount());
                java.util.List<RegistryChanges.Change> changes = RegistryChanges.log(previous, next, "registry file " + file);
                listeners.forEach(l -> l.changed(previous, next, changes));
                return true;
            } catch (RegistryException e) {
                LOG.warn("registry reload rejected, keeping the last good registry: {}", e.getMessage());
                return false;
            }
        }, false);
    }

    private static byte[] read(Path file) throws RegistryException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RegistryException(file.toString(), java.util.List.of("cannot read the file: " + e));
        }
    }
}
