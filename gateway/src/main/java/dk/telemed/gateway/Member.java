package dk.telemed.gateway;

import ca.uhn.fhir.context.FhirContext;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.fhir.FhirApi;
import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.http.StandbyApi;
import dk.telemed.gateway.leadership.Fence;
import dk.telemed.gateway.leadership.FencingToken;
import dk.telemed.gateway.leadership.Leadership;
import dk.telemed.gateway.leadership.StepDownReason;
import dk.telemed.gateway.registry.RegistryException;
import dk.telemed.gateway.registry.RegistryWatcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One gateway process among one or several. It joins the election (alone, it is active at once),
 * answers HTTP throughout on one {@link HttpFront}, and while it leads runs one term: a
 * {@link Gateway} built afresh, which restores open alerts, acknowledgements, timers and
 * baselines from the stores as at a start, and connects the one shared broker session so the
 * broker hands it whatever waited for the member before it. When the term ends (the lease ran
 * out, the engine expired the session, another connection took the broker session) its
 * {@link Fence} refuses every act at once and the term is stopped without acknowledging anything;
 * the process answers as a standby until it is elected again.
 *
 * <p>Terms start and end one after the other on the process's event-loop context.
 */
final class Member implements Leadership.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Member.class);

    /** What a term is built from, read from files: at the process's start (where a problem stops it), and again for each later term. */
    record Inputs(RegistryWatcher registry, Gateway.Files files) {
    }

    /** Reads the registry and the gateway's files for a new term. */
    @FunctionalInterface
    interface Reader {
        Inputs read() throws ConfigException, IOException, RegistryException;
    }

    private final Vertx vertx;
    private final Context context;
    private final GatewayConfig config;
    private final Clock clock;
    private final HttpFront front;
    private final String name;
    private final StandbyApi standby;
    private final Reader reader;
    /** What was read at start, used by the first term instead of reading it again. */
    private final AtomicReference<Inputs> preloaded;
    private final Runnable onStall;
    private final Runnable onTermFailed;
    private final FhirContext fhir;
    private volatile Leadership leadership;
    private volatile boolean taking;
    private Future<Void> transitions = Future.succeededFuture();
    private Gateway term;
    private TermFence fence;

    /**
     * @param onStall      what a stalled term does (Main: exit, for the supervisor to start the process again)
     * @param onTermFailed what to do when a term cannot be built or started (Main: exit with an error)
     */
    Member(Vertx vertx, GatewayConfig config, Clock clock, Inputs first, Reader reader, Runnable onStall, Runnable onTermFailed) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.config = config;
        this.clock = clock;
        this.front = new HttpFront(vertx, config.http());
        this.name = Leadership.memberName(config.coordination());
        this.standby = new StandbyApi(vertx, name, config.http().tls().enabled(), () -> taking);
        this.reader = reader;
        this.preloaded = new AtomicReference<>(first);
        this.onStall = onStall;
        this.onTermFailed = onTermFailed;
        this.fhir = FhirApi.prepared();
    }

    /**
     * Joins the election. With a coordination engine the process answers as a standby at once;
     * a single gateway answers once its term serves, as it always did.
     */
    Future<Void> start() {
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> {
            Future<Void> listening = config.coordination().enabled() ? front.serve(standby.handler()) : Future.succeededFuture();
            listening.onSuccess(x -> leadership = Leadership.start(config.coordination(), this)).onComplete(started);
        });
        return started.future();
    }

    @Override
    public void becameActive(FencingToken token) {
        context.runOnContext(v -> transitions = transitions.transform(x -> activate(token)));
    }

    @Override
    public void stoppedBeingActive(StepDownReason reason) {
        context.runOnContext(v -> transitions = transitions.transform(x -> deactivate(reason)));
    }

    private Future<Void> activate(FencingToken token) {
        Leadership current = leadership;
        if (current == null || !current.fence().equals(Optional.of(token))) {
            return Future.succeededFuture();
        }
        taking = true;
        TermFence termFence = new TermFence(current, token);
        long since = System.nanoTime();
        return vertx.executeBlocking(() -> {
            Inputs first = preloaded.getAndSet(null);
            Inputs inputs = first != null ? first : reader.read();
            return new Gateway(vertx, config, inputs.registry(), clock, new Gateway.Term(termFence, front, name, onStall, fhir), inputs.files());
        }).compose(built -> {
            fence = termFence;
            term = built;
            return built.start();
        }).onSuccess(x -> LOG.info("member {} is active ({}); its term started in {} ms", name, token,
                (System.nanoTime() - since) / 1_000_000)).recover(e -> {
            LOG.error("member {}: the gateway could not start: {}", name, e.getMessage());
            onTermFailed.run();
            return Future.succeededFuture();
        }).onComplete(x -> taking = false);
    }

    private Future<Void> deactivate(StepDownReason reason) {
        taking = false;
        Gateway ended = term;
        term = null;
        Future<Void> stopped = Future.succeededFuture();
        if (ended != null) {
            fence.end();
            LOG.warn("member {} stopped acting ({}); stopping its term, leaving what it held to the active gateway",
                    name, reason.explanation());
            stopped = ended.abandon();
        }
        return stopped.compose(x -> config.coordination().enabled() ? front.serve(standby.handler()) : Future.succeededFuture());
    }

    /**
     * Another connection took the broker session: another member is active. Leaves the election
     * and joins it again after a session timeout, so this member never fights for the session.
     */
    private void resign() {
        Leadership old = leadership;
        if (old == null || !config.coordination().enabled()) {
            return;
        }
        LOG.error("member {}: another connection took the broker session; stepping down", name);
        vertx.executeBlocking(() -> {
            old.close();
            return null;
        }).onComplete(x -> vertx.setTimer(config.coordination().sessionTimeoutMs(), id -> context.runOnContext(v -> {
            if (leadership == old) {
                leadership = Leadership.start(config.coordination(), this);
            }
        })));
    }

    /**
     * A graceful stop (SIGTERM): the term writes what it buffered and acknowledges it, bounded by
     * {@code drainTimeout}, and only then is the leadership given up, so a standby takes over
     * at once and two members never act together.
     */
    Future<Void> stop(Duration drainTimeout) {
        Promise<Void> drained = Promise.promise();
        context.runOnContext(v -> {
            transitions = transitions.transform(x -> {
                Gateway ending = term;
                term = null;
                if (ending == null) {
                    return Future.succeededFuture();
                }
                TermFence ended = fence;
                return ending.stop(drainTimeout).onComplete(y -> ended.end());
            });
            transitions.onComplete(drained);
        });
        return drained.future().transform(x -> vertx.executeBlocking(() -> {
            Leadership current = leadership;
            if (current != null) {
                current.close();
            }
            return null;
        })).transform(x -> front.close());
    }

    /** A term's fence: it holds while the leadership is in the term's token and the term has not ended. */
    private final class TermFence implements Fence {
        private final Leadership leadership;
        private final FencingToken token;
        private volatile boolean ended;

        private TermFence(Leadership leadership, FencingToken token) {
            this.leadership = leadership;
            this.token = token;
        }

        @Override
        public boolean mayAct() {
            return !ended && leadership.fence().filter(token::equals).isPresent();
        }

        @Override
        public void sessionTakenOver(String clientId) {
            if (!config.coordination().enabled()) {
                return;
            }
            ended = true;
            context.runOnContext(v -> resign());
        }

        void end() {
            ended = true;
        }
    }
}
