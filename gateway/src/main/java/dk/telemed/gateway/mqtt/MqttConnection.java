package dk.telemed.gateway.mqtt;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.config.Credentials;
import dk.telemed.gateway.config.MqttConfig;
import dk.telemed.gateway.leadership.Fence;
import dk.telemed.gateway.tls.TrustedCa;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A persistent session with the broker (Paho MQTT v5): clean start off, a session expiry, a
 * fixed client id, QoS 1 with manual acknowledgements, and Receive Maximum as the bound on
 * unacknowledged messages. Paho's callbacks only hand over to the event loop, never block;
 * the subscriptions are renewed on every (re)connect, because a broker that lost its state
 * would otherwise leave the client connected but deaf. Ingest, the gateway's publishes and each
 * webhook have one, under their own client ids; one with no routes only publishes.
 *
 * <p>Paho's automatic reconnect gives up silently when a reconnect attempt throws at once
 * (seen after a broker restart: clients that never tried again). So reconnecting is done
 * here: a lost connection's client is closed and a fresh one connects under the same client
 * id, with the same backoff as the first connect, and a watchdog replaces a client that has
 * been disconnected for longer than twice the longest reconnect delay (at least 5 s). The
 * broker keeps the session, and resends what was not acknowledged.
 */
public final class MqttConnection {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    private static final long RESUME_CHECK_MS = 200;
    /** Beyond mqtt.connectTimeoutSeconds, for the CONNECT and CONNACK after the TCP and TLS handshake. */
    private static final long CONNECT_DEADLINE_MARGIN_MS = 5_000;

    private final Context context;
    private final MqttConfig config;
    private final String clientId;
    // Given once by receive(), before start: the routes' handlers acknowledge and publish through this connection.
    private volatile List<Route> routes = List.of();
    private volatile Consumer<Long> onConnected = number -> { };
    private volatile Held downstream = Held.NONE;
    private volatile boolean started;
    private final AtomicLong connection = new AtomicLong();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** System.nanoTime() when the connection was lost; 0 while connected (or before the first connection). */
    private final AtomicLong disconnectedSince = new AtomicLong();
    private final AtomicBoolean everConnected = new AtomicBoolean();
    private volatile MqttAsyncClient client;
    private long watchdog = -1;
    private final OutboundQueue outbound;
    private final IntakeGate intake;
    /** The project CA's TLS sockets for an ssl:// broker, or null for the JVM's defaults. */
    private final SocketFactory socketFactory;
    private final HandOver handOver;
    /** The longest the MQTT client's callback thread waits for room (see {@link IntakeGate}). */
    private final long maxIntakeWaitNanos;
    /** The connection whose messages are being set aside until the gateway holds nothing; 0 for none. */
    private final AtomicLong setAside = new AtomicLong();
    private final AtomicLong setAsideTotal = new AtomicLong();
    /** The current client is being replaced on purpose (see {@link #setAside}); its disconnection is no fault. */
    private final AtomicBoolean renewing = new AtomicBoolean();
    private final TakeoverGuard takeover;
    private final Backoff reconnect;
    private final Fence fence;

    /**
     * A connection that can publish once started and receives what {@link #receive} says: so the
     * handlers of its routes can be built with this connection to acknowledge and publish through.
     *
     * @param fence checked before connecting, acknowledging and publishing: a member that is no
     *              longer active leaves the session, and what it holds, to the one that is
     */
    public MqttConnection(Context context, MqttConfig config, String clientId, Fence fence) {
        this.context = context;
        this.fence = fence;
        this.config = config;
        this.clientId = clientId;
        this.outbound = new OutboundQueue(context, () -> client, config.publishTimeoutMs());
        this.intake = new IntakeGate(config.receiveMaximum(), () -> downstream);
        this.handOver = new HandOver(context, this::deliver);
        this.maxIntakeWaitNanos = TimeUnit.SECONDS.toNanos(config.keepAliveSeconds()) / 4;
        this.takeover = new TakeoverGuard(10_000L * config.maxReconnectDelaySeconds(), System::nanoTime);
        this.reconnect = Backoff.reconnect(config);
        this.socketFactory = socketFactory(config);
    }

    /** TLS trusting the configured CA; plain TCP read through a buffer; otherwise (TLS with the JVM's trust store) Paho's own. */
    private static SocketFactory socketFactory(MqttConfig config) {
        if (!config.caFile().isEmpty()) {
            return TrustedCa.fromPem(Path.of(config.caFile())).sslContext().getSocketFactory();
        }
        return config.url().startsWith("tcp://") ? new BufferedSocketFactory(config.connectTimeoutSeconds() * 1000) : null;
    }

    /**
     * What this connection receives, given before {@link #start}.
     *
     * @param routes      the subscriptions; each message is handed to the first route that matches its topic, on {@code context}
     * @param onConnected called on {@code context} with the new connection's number, before its first message
     * @param downstream  what the received messages taken up on the event loop hold (thread-safe); with the messages
     *                    queued on the event loop it is kept within Receive Maximum, see {@link IntakeGate}
     */
    public MqttConnection receive(List<Route> routes, Consumer<Long> onConnected, Held downstream) {
        if (started) {
            throw new IllegalStateException("the routes of " + clientId + " are given before it starts");
        }
        this.routes = List.copyOf(routes);
        this.onConnected = onConnected;
        this.downstream = downstream;
        return this;
    }

    /** Connects in the background, retrying until the broker answers; never fails the start. */
    public void start() throws MqttException {
        started = true;
        client = newClient();
        connect(reconnect.firstMs());
        long stalledMs = Math.max(5_000L, 2_000L * config.maxReconnectDelaySeconds());
        watchdog = context.owner().setPeriodic(Math.max(1_000L, stalledMs / 5), id -> replaceIfStalled(stalledMs));
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(config.url(), clientId, new MemoryPersistence());
        c.setManualAcks(true);
        c.setCallback(new Callback(c));
        return c;
    }

    private void replaceIfStalled(long stalledMs) {
        long since = disconnectedSince.get();
        if (stopping.get() || since == 0 || client.isConnected() || takeover.holding()
                || System.nanoTime() - since < stalledMs * 1_000_000L
                || !disconnectedSince.compareAndSet(since, System.nanoTime())) {
            return;
        }
        LOG.warn("{}: no broker session for over {} s; replacing the MQTT client", clientId, stalledMs / 1000);
        replace(client);
    }

    /**
     * Closes {@code stale} and connects a fresh client under the same client id; the broker keeps
     * the session and resends what was not acknowledged. A fresh client also starts without
     * Paho's own copies of the publishes that were in flight: Paho (1.2.5) would resend those
     * with the topic aliases of the lost connection, which the broker refuses as a protocol
     * error on every reconnect. Their senders see them fail instead, and the inbound messages
     * behind them stay unacknowledged, so the broker's redelivery brings them out again.
     */
    private void replace(MqttAsyncClient stale) {
        context.owner().executeBlocking(() -> {
            try {
                stale.disconnectForcibly(0, 1000, false);
            } catch (MqttException e) {
                LOG.debug("{}: stale client: {}", clientId, e.getMessage());
            }
            try {
                stale.close(true);
            } catch (MqttException e) {
                LOG.debug("{}: stale client: {}", clientId, e.getMessage());
            }
            return null;
        }).onComplete(ar -> {
            if (stopping.get() || stale != client) {
                return;
            }
            try {
                client = newClient();
                connect(reconnect.firstMs());
            } catch (MqttException e) {
                LOG.error("{}: cannot create a new MQTT client: {}", clientId, e.getMessage());
            }
        });
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(config.sessionExpirySeconds());
        o.setReceiveMaximum(config.receiveMaximum());
        o.setKeepAliveInterval(config.keepAliveSeconds());
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(config.connectTimeoutSeconds());
        o.setMaximumPacketSize(MqttLimits.MAX_PACKET_BYTES);
        Credentials credentials = config.credentials();
        if (credentials.isSet()) {
            o.setUserName(credentials.username());
            o.setPassword(credentials.secret().getBytes(StandardCharsets.UTF_8));
        }
        if (socketFactory != null) {
            o.setSocketFactory(socketFactory);
        }
        return o;
    }

    private void connect(long retryMs) {
        connect(client, retryMs);
    }

    private void connect(MqttAsyncClient target, long retryMs) {
        if (stopping.get() || target != client) {
            return;
        }
        if (!fence.mayAct()) {
            LOG.info("{}: not connecting: this gateway is not the active one", clientId);
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        // The attempt's own deadline: Paho bounds the TCP connect, not the whole attempt, and a
        // fresh client was seen to hang for good while starting its sending thread. One that
        // has not connected or failed by then is replaced like a lost one.
        long deadlineMs = config.connectTimeoutSeconds() * 1000L + CONNECT_DEADLINE_MARGIN_MS;
        context.owner().setTimer(deadlineMs, id -> {
            if (!answered.get() && !stopping.get() && target == client && !target.isConnected()) {
                LOG.warn("{}: no answer to a connection attempt within {} ms; trying again with a fresh client", clientId, deadlineMs);
                replace(target);
            }
        });
        try {
            target.connect(options(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    answered.set(true);
                    Integer receiveMaximum = token.getResponseProperties() == null ? null
                            : token.getResponseProperties().getReceiveMaximum();
                    outbound.window(receiveMaximum == null ? 65_535 : receiveMaximum);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    answered.set(true);
                    LOG.warn("cannot connect to the broker {} ({}); retrying in {} ms", config.url(), e.getMessage(), retryMs);
                    context.owner().setTimer(retryMs, id -> connect(target, reconnect.afterMs(retryMs)));
                }
            });
        } catch (MqttException | IllegalStateException e) {
            answered.set(true);
            // IllegalStateException: the password file cannot be read (it may be being replaced).
            LOG.warn("cannot connect to the broker {} ({}); retrying in {} ms", config.url(), e.getMessage(), retryMs);
            context.owner().setTimer(retryMs, id -> connect(target, reconnect.afterMs(retryMs)));
        }
    }

    /** How often this session was taken over by another connection with its client id (see {@link TakeoverGuard}). */
    public long sessionsTakenOver(TakeoverGuard.Evidence evidence) {
        return takeover.count(evidence);
    }

    public boolean isReady() {
        return client != null && client.isConnected() && subscribed.get();
    }

    /** Acknowledges a message to the broker; a message of an earlier connection is left for redelivery. */
    public void acknowledge(InboundMessage message) {
        if (message.connection() != connection.get() || !fence.mayAct()) {
            // Not acknowledged: the broker gives the message to the active gateway's connection.
            return;
        }
        try {
            client.messageArrivedComplete(message.packetId(), message.qos());
        } catch (MqttException e) {
            // The connection is gone; the broker redelivers the message on the next one.
            LOG.debug("ack of packet {} not sent: {}", message.packetId(), e.getMessage());
        }
    }

    /** Publishes at QoS 1, waiting for room in the broker's window; completes when the broker acknowledged it. */
    public Future<Void> publish(String topic, byte[] payload) {
        return publishForReason(topic, payload, Priority.URGENT).mapEmpty();
    }

    /** {@link #publish}, behind every urgent publish waiting (see {@link Priority}). */
    public Future<Void> publishRoutine(String topic, byte[] payload) {
        return publishForReason(topic, payload, Priority.ROUTINE).mapEmpty();
    }

    /** {@link #publish}, completing with the reason code of the broker's PUBACK (16: no session subscribes to the topic). */
    public Future<Integer> publishForReason(String topic, byte[] payload) {
        return publishForReason(topic, payload, Priority.URGENT);
    }

    private Future<Integer> publishForReason(String topic, byte[] payload, Priority priority) {
        if (!fence.mayAct()) {
            return Future.failedFuture(new IllegalStateException(clientId + ": not published: this gateway is not the active one"));
        }
        Context caller = Vertx.currentContext();
        if (caller == context) {
            return outbound.publish(topic, payload, priority);
        }
        // A promise of the caller's context answers there: the caller's state is touched on its own thread only.
        Promise<Integer> promise = caller == null ? Promise.promise() : ((ContextInternal) caller).promise();
        context.runOnContext(v -> outbound.publish(topic, payload, priority).onComplete(promise));
        return promise.future();
    }

    public Future<Void> stop() {
        stopping.set(true);
        if (watchdog >= 0) {
            context.owner().cancelTimer(watchdog);
        }
        if (client == null) {
            return Future.succeededFuture();
        }
        return context.owner().executeBlocking(() -> {
            try {
                if (client.isConnected()) {
                    client.disconnect(5000).waitForCompletion(6000);
                }
            } catch (MqttException e) {
                LOG.debug("disconnect: {}", e.getMessage());
            }
            client.close(true);
            return null;
        });
    }

    /**
     * The gateway held as much as it may for a quarter of the keep-alive and nothing finished:
     * this message and every later one of the connection stay with the broker, and Paho goes
     * on reading (pings, SUBACKs, the PUBACKs of alerts). Once the gateway holds nothing, the
     * connection is renewed, and the broker sends them again from the first one set aside.
     */
    private void setAside(long number) {
        setAside.set(number);
        setAsideTotal.incrementAndGet();
        LOG.warn("{}: the gateway holds {} messages and none finished for {} ms; new messages stay with the broker until these are done",
                clientId, intake.held(), TimeUnit.NANOSECONDS.toMillis(maxIntakeWaitNanos));
        context.runOnContext(v -> context.owner().setPeriodic(RESUME_CHECK_MS, timer -> resumeWhenEmpty(number, timer)));
    }

    private void resumeWhenEmpty(long number, long timer) {
        if (stopping.get() || connection.get() != number) {
            // The connection was lost or replaced meanwhile: its successor gets everything again anyway.
            context.owner().cancelTimer(timer);
            setAside.compareAndSet(number, 0);
            return;
        }
        if (intake.held() > 0) {
            return;
        }
        context.owner().cancelTimer(timer);
        setAside.compareAndSet(number, 0);
        LOG.info("{}: the messages held are done; renewing the connection so that the broker sends the rest again", clientId);
        renewing.set(true);
        replace(client);
    }

    /** Messages handed to the event loop and not yet taken up, plus what the stages after it hold; safe from any thread. */
    public int held() {
        return intake.held();
    }

    /** Messages left with the broker because the gateway had no room for them (each is sent again later). */
    public long setAsideTotal() {
        return setAsideTotal.get();
    }

    private void subscribe() {
        if (routes.isEmpty()) {
            // A connection that only publishes: connected is ready.
            subscribed.set(true);
            return;
        }
        MqttSubscription[] subscriptions = routes.stream().map(r -> new MqttSubscription(r.filter(), r.qos()))
                .toArray(MqttSubscription[]::new);
        String filters = routes.stream().map(Route::filter).collect(Collectors.joining(", "));
        try {
            client.subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length; i++) {
                        if (codes[i] > 2) {
                            LOG.error("the broker refused the subscription to {} (reason code {})", subscriptions[i].getTopic(), codes[i]);
                            return;
                        }
                    }
                    subscribed.set(true);
                    LOG.info("{} subscribed to {}", clientId, filters);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    LOG.error("subscription to {} failed: {}", filters, e.getMessage());
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            LOG.error("subscription to {} failed: {}", filters, e.getMessage());
        }
    }

    /** On the event loop, in arrival order: a message's work on the event loop, or an unrouted one straight to its acknowledgement. */
    private void deliver(Runnable work, InboundMessage message) {
        if (work == null) {
            acknowledge(message);
            return;
        }
        intake.started();
        work.run();
    }

    /** What the route does with the message on the event loop, after its work on this thread. */
    private static Runnable take(Route route, InboundMessage message) {
        try {
            return route.handler().take(message);
        } catch (RuntimeException e) {
            // A handler's defect must not end Paho's callback thread: it is logged on the event loop, and the message stays unacknowledged.
            return () -> {
                throw e;
            };
        }
    }

    private Route routeOf(String topic) {
        for (Route r : routes) {
            if (r.matches().test(topic)) {
                return r;
            }
        }
        return null;
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        private Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (owner != client) {
                return;
            }
            disconnectedSince.set(0);
            renewing.set(false);
            takeover.connected();
            long number = connection.incrementAndGet();
            boolean again = everConnected.getAndSet(true);
            LOG.info("{} broker {} (client id {})", again ? "reconnected to" : "connected to", serverURI, clientId);
            context.runOnContext(v -> onConnected.accept(number));
            subscribe();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (owner != client) {
                // A replaced client's message: never acknowledged, so the broker sends it again on the new one.
                return;
            }
            InboundMessage inbound = new InboundMessage(topic, message.getPayload(), message.getId(), message.getQos(),
                    connection.get(), System.nanoTime());
            Route route = routeOf(topic);
            if (route == null) {
                // Not ours (a subscription left over in the persistent session): let the broker forget it.
                handOver.offer(null, inbound);
                return;
            }
            long number = inbound.connection();
            if (setAside.get() == number) {
                // After one found no room, so does every later one: the broker resends them in order.
                setAsideTotal.incrementAndGet();
                return;
            }
            switch (intake.awaitRoom(() -> stopping.get() || owner != client, maxIntakeWaitNanos)) {
                case ADMITTED -> {
                    intake.queued();
                    handOver.offer(take(route, inbound), inbound);
                }
                case TIMED_OUT -> setAside(number);
                // Never acknowledged: the broker sends it again on the next connection.
                case GAVE_UP -> { }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (owner != client) {
                return;
            }
            disconnectedSince.compareAndSet(0, System.nanoTime());
            subscribed.set(false);
            connection.incrementAndGet();
            if (renewing.getAndSet(false)) {
                LOG.info("{}: connection renewed", clientId);
            } else if (!stopping.get()) {
                if (response.getReturnCode() == TakeoverGuard.SESSION_TAKEN_OVER) {
                    fence.sessionTakenOver(clientId);
                }
                TakeoverGuard.Decision decision = takeover.lost(response.getReturnCode());
                takeover.log(LOG, clientId, config.credentials().username(), response, decision);
                context.owner().setTimer(decision.delayMs(), id -> replace(owner));
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
