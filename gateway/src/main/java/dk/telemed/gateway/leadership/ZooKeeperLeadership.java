package dk.telemed.gateway.leadership;

import dk.telemed.gateway.config.CoordinationConfig;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The election on ZooKeeper: Curator's {@link LeaderLatch} names the leader (the member with the
 * oldest node under {@code electionPath}), and a lease on this member's own clock says how long
 * that is still true.
 *
 * <p>The lease is renewed by asking the engine, every fifth of the session timeout, whether our
 * election node still exists under our session; it runs four fifths of the session timeout from
 * the sending of the last answered request. The engine cannot expire the session (and so let
 * another member win) before a full session timeout from then. So:
 * <ul>
 *   <li>a member that loses the engine (network cut, all nodes down, its process paused) stops
 *       acting when its lease ends, before any other member can have been elected;</li>
 *   <li>a lost connection that comes back within the lease (one node of the ensemble killed, the
 *       client moving to another) changes nothing: same session, same node, same leader;</li>
 *   <li>a session the engine expired ({@code LOST}) or a node that is gone ends the term at once,
 *       and the member rejoins the election with a new node once the engine is back.</li>
 * </ul>
 * With the engine entirely unreachable no member is ever active.
 */
public final class ZooKeeperLeadership implements Leadership {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeadership.class);
    /** How often the clock is compared with the lease: the longest a step-down can lag its cause. */
    private static final Duration TICK = Duration.ofMillis(100);

    private final CoordinationConfig config;
    private final String member;
    private final Listener listener;
    private final LongSupplier nanoClock;
    private final LeaderState state;
    private final CuratorFramework client;
    /** Renewals, lease checks, and replacing the latch after a lost session. */
    private final ScheduledExecutorService timer;
    /** The listener's thread: one callback at a time, in the order of the transitions. */
    private final ExecutorService callbacks;
    private LeaderLatch latch;
    /** The session ended: a new latch is made once a new session is established. */
    private boolean awaitingNewSession;
    /** Renewal rounds in a row that found the engine connected but the latch without a node. */
    private int roundsWithoutNode;
    private boolean closed;

    private ZooKeeperLeadership(CoordinationConfig config, String member, Listener listener, LongSupplier nanoClock) {
        this.config = config;
        this.member = member;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.state = new LeaderState(nanoClock);
        this.client = CuratorFrameworkFactory.builder()
                .connectString(config.connect())
                .sessionTimeoutMs((int) config.sessionTimeoutMs())
                .connectionTimeoutMs((int) config.connectionTimeoutMs())
                .retryPolicy(new ExponentialBackoffRetry(100, 10, 2_000))
                // SUSPENDED (a connection lost, perhaps to one node only) does not end the latch's
                // term by itself; the lease decides, so moving to another node changes nothing.
                .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "leadership-lease"));
        this.callbacks = Executors.newSingleThreadExecutor(r -> daemon(r, "leadership-callbacks"));
    }

    static ZooKeeperLeadership start(CoordinationConfig config, String member, Listener listener) {
        ZooKeeperLeadership leadership = new ZooKeeperLeadership(config, member, listener, System::nanoTime);
        leadership.begin();
        return leadership;
    }

    private void begin() {
        LOG.info("member {} joins the election at {} on {} (session timeout {} ms)", member,
                config.electionPath(), config.connect(), config.sessionTimeoutMs());
        client.getConnectionStateListenable().addListener((c, newState) -> onConnectionState(newState));
        client.start();
        synchronized (this) {
            newLatch();
        }
        long renewEvery = Math.max(TICK.toMillis(), config.sessionTimeoutMs() / 5);
        timer.scheduleWithFixedDelay(this::renew, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> apply(LeaderState::tick), TICK.toMillis(), TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public String member() {
        return member;
    }

    @Override
    public Role role() {
        return state.role();
    }

    @Override
    public Optional<FencingToken> fence() {
        return state.fence();
    }

    private void newLatch() {
        LeaderLatch fresh = new LeaderLatch(client, config.electionPath(), member, LeaderLatch.CloseMode.SILENT);
        fresh.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                onElected(fresh);
            }

            @Override
            public void notLeader() {
                if (isCurrent(fresh)) {
                    apply(LeaderState::revoked);
                }
            }
        }, timer);
        latch = fresh;
        try {
            fresh.start();
        } catch (Exception e) {
            LOG.error("member {} could not join the election; it stays standby", member, e);
        }
    }

    private synchronized boolean isCurrent(LeaderLatch candidate) {
        return !closed && latch == candidate;
    }

    private void onElected(LeaderLatch elected) {
        if (!isCurrent(elected)) {
            return;
        }
        LOG.info("member {} is first in the election; confirming its session before it acts", member);
        apply(LeaderState::elected);
        renew();
    }

    private void onConnectionState(ConnectionState newState) {
        switch (newState) {
            case SUSPENDED -> LOG.warn("member {} lost its connection to the coordination engine; it stays"
                    + " {} only while its lease lasts", member, state.role());
            case LOST -> {
                LOG.warn("member {}: the coordination engine expired its session", member);
                apply(LeaderState::sessionLost);
                closeLatchAfterLostSession();
            }
            case RECONNECTED, CONNECTED -> {
                LOG.info("member {} is connected to the coordination engine ({})", member, newState);
                rejoinAfterLostSession();
            }
            case READ_ONLY -> LOG.warn("member {}: the coordination engine is read-only", member);
        }
    }

    private synchronized void closeLatchAfterLostSession() {
        if (closed || awaitingNewSession) {
            return;
        }
        awaitingNewSession = true;
        LeaderLatch old = latch;
        latch = null;
        timer.execute(() -> closeQuietly(old));
    }

    private synchronized void rejoinAfterLostSession() {
        if (closed || !awaitingNewSession) {
            return;
        }
        awaitingNewSession = false;
        timer.execute(() -> {
            synchronized (this) {
                if (!closed && latch == null) {
                    newLatch();
                }
            }
        });
    }

    /** Asks the engine whether our node still exists under our session; the answer renews the lease. */
    private void renew() {
        LeaderLatch current;
        synchronized (this) {
            current = latch;
        }
        if (current == null) {
            return;
        }
        rejoinIfNodeless(current);
        String path = current.getOurPath();
        if (path == null || !current.hasLeadership()) {
            return;
        }
        long sentAt = nanoClock.getAsLong();
        long session;
        long leaseNanos;
        try {
            var zk = client.getZookeeperClient().getZooKeeper();
            session = zk.getSessionId();
            // The engine may grant a shorter session than asked for; the lease follows the grant.
            int granted = zk.getSessionTimeout() > 0 ? zk.getSessionTimeout() : (int) config.sessionTimeoutMs();
            leaseNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(granted, config.sessionTimeoutMs())) * 4 / 5;
            client.checkExists().inBackground((c, event) -> onRenewal(current, event, session, sentAt, leaseNanos))
                    .forPath(path);
        } catch (Exception e) {
            LOG.debug("member {}: lease renewal not sent: {}", member, e.toString());
        }
    }

    /**
     * A latch started while the engine was unreachable gives up creating its node once Curator's
     * retries run out, and would leave this member out of every later election. When the engine
     * is connected and the latch still has no node after three rounds, it is replaced.
     */
    private void rejoinIfNodeless(LeaderLatch current) {
        boolean nodeless = current.getOurPath() == null && client.getZookeeperClient().isConnected();
        synchronized (this) {
            roundsWithoutNode = nodeless ? roundsWithoutNode + 1 : 0;
            if (roundsWithoutNode < 3 || closed || latch != current) {
                return;
            }
            roundsWithoutNode = 0;
            LOG.warn("member {} has no node in the election although connected; joining it again", member);
            latch = null;
            closeQuietly(current);
            newLatch();
        }
    }

    private void onRenewal(LeaderLatch asked, CuratorEvent event, long session, long sentAt, long leaseNanos) {
        if (!isCurrent(asked)) {
            return;
        }
        KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
        Stat stat = event.getStat();
        if (code == KeeperException.Code.OK && stat != null && stat.getEphemeralOwner() == session
                && asked.hasLeadership()) {
            apply(s -> s.confirmed(new FencingToken(stat.getCzxid(), session), sentAt, leaseNanos));
        } else if (code == KeeperException.Code.NONODE || (code == KeeperException.Code.OK && stat != null)) {
            apply(LeaderState::revoked);
        }
        // Anything else (connection loss, timeout) proves nothing: the lease runs out on its own.
    }

    /**
     * Computes an event's transitions and queues them for the listener under one lock, so the
     * listener sees them in the order they happened, whichever thread saw the event.
     */
    private synchronized void apply(Function<LeaderState, List<LeaderState.Transition>> event) {
        for (LeaderState.Transition t : event.apply(state)) {
            if (t instanceof LeaderState.Transition.BecameActive a) {
                LOG.info("member {} is ACTIVE, {}", member, a.token());
                callbacks.execute(() -> listener.becameActive(a.token()));
            } else if (t instanceof LeaderState.Transition.SteppedDown d) {
                LOG.warn("member {} is STANDBY: stopped being active ({}): {}", member, d.token(),
                        d.reason().explanation());
                callbacks.execute(() -> listener.stoppedBeingActive(d.reason()));
            }
        }
    }

    @Override
    public void close() {
        LeaderLatch last;
        synchronized (this) {
            if (closed) {
                return;
            }
            apply(LeaderState::close);
            closed = true;
            last = latch;
            latch = null;
        }
        timer.shutdownNow();
        closeQuietly(last);
        client.close();
        callbacks.shutdown();
        try {
            if (!callbacks.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("member {}: a leadership callback did not finish within 10 s of closing", member);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("member {} left the election", member);
    }

    private void closeQuietly(LeaderLatch old) {
        if (old == null) {
            return;
        }
        try {
            old.close();
        } catch (Exception e) {
            LOG.debug("member {}: closing the old election node: {}", member, e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
