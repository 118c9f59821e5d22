package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Holds the questionnaires in force and re-reads {@code questionnaires.path} when its content
 * changes. A change with any problem is refused, every problem logged, and the last good
 * questionnaires stay in force, as for the patient registry. When the configured path is the
 * shipped relative one and no such file exists, the copy the jar carries is used.
 */
public final class QuestionnairesWatcher implements Supplier<Questionnaires> {
    private static final Logger LOG = LoggerFactory.getLogger(QuestionnairesWatcher.class);
    public static final String SHIPPED_PATH = "config/questionnaires.yaml";
    static final String SHIPPED_RESOURCE = "/defaults/questionnaires.yaml";

    private final Vertx vertx;
    private final Path file;
    private final QuestionnairesParser parser = new QuestionnairesParser();
    private final AtomicReference<Questionnaires> current = new AtomicReference<>();
    private volatile String lastText;
    private long timer = -1;

    private QuestionnairesWatcher(Vertx vertx, Path file, Questionnaires initial, String text) {
        this.vertx = vertx;
        this.file = file;
        this.current.set(initial);
        this.lastText = text;
    }

    /** Reads the questionnaires once, synchronously: the gateway does not start with a bad file. */
    public static QuestionnairesWatcher load(Vertx vertx, String configured) throws ConfigException {
        Path file = Path.of(configured);
        if (Files.exists(file)) {
            String text = read(file);
            Questionnaires q = new QuestionnairesParser().parse(text, file.toString());
            LOG.info("questionnaires from {}: {}", file.toAbsolutePath(), describe(q));
            return new QuestionnairesWatcher(vertx, file, q, text);
        }
        if (!configured.equals(SHIPPED_PATH)) {
            throw new ConfigException(List.of(file + ": no such file (questionnaires.path / TELEMED_QUESTIONNAIRES_PATH)"));
        }
        try (InputStream in = QuestionnairesWatcher.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + SHIPPED_RESOURCE + "; rebuild it with mvn package");
            }
            Questionnaires q = new QuestionnairesParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "(shipped) " + SHIPPED_PATH);
            LOG.info("questionnaires: {} not found in {}; using the copy shipped in the jar: {}", configured,
                    Path.of("").toAbsolutePath(), describe(q));
            return new QuestionnairesWatcher(vertx, null, q, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SHIPPED_RESOURCE + " from the jar", e);
        }
    }

    @Override
    public Questionnaires get() {
        return current.get();
    }

    public void watch(Duration interval) {
        if (file != null) {
            timer = vertx.setPeriodic(interval.toMillis(), id -> reloadIfChanged());
        }
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Re-reads the file off the event loop; completes with true when new questionnaires took effect. */
    public Future<Boolean> reloadIfChanged() {
        return vertx.executeBlocking(() -> {
            String text;
            try {
                text = read(file);
            } catch (ConfigException e) {
                LOG.warn("questionnaires reload failed, keeping the last good ones: {}", e.getMessage());
                return false;
            }
            if (text.equals(lastText)) {
                return false;
            }
            lastText = text;
            try {
                Questionnaires next = parser.parse(text, file.toString());
                current.set(next);
                LOG.info("questionnaires {} reloaded: {}", file, describe(next));
                return true;
            } catch (ConfigException e) {
                LOG.warn("questionnaires reload refused, keeping the last good ones: {}", e.getMessage());
                return false;
            }
        }, false);
    }

    private static String describe(Questionnaires q) {
        return String.join(", ", q.all().stream().map(x -> x.id() + " v" + x.version()).toList());
    }

    private static String read(Path file) throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e));
        }
    }
}
