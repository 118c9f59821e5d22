package dk.telemed.gateway.leadership;

import dk.telemed.gateway.leadership.ElectionMembers.Member;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.ManagedProcess;
import dk.telemed.testsupport.ZooKeeperEnsemble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The election on a real ZooKeeper (Debian's server, one node or three) with members as real
 * processes that are killed, stopped and paused, several times per test. Every member acts on a
 * shared world file only while {@link Leadership#isActive()}; after every fault the world must
 * show one member at a time: terms never go back, and each term is one member's.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class LeadershipIT {
    private static final long SESSION_MS = 4_000;
    private static final Duration START = Duration.ofSeconds(30);
    /** A dead member's session expires after SESSION_MS; the successor then confirms its node. */
    private static final Duration TAKEOVER = Duration.ofMillis(SESSION_MS * 2 + 2_000);
    /**
     * With three nodes, losing the ensemble's leader disconnects every client until the other two
     * elect a new one; a longer session gives the members' leases room for that.
     */
    private static final long ENSEMBLE_SESSION_MS = 8_000;

    @TempDir
    Path dir;

    @Test
    void whenTheActiveDiesOrLeavesAnotherTakesOverAndOnlyOneActsAtATime() {
        try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.startSingle(dir);
             ElectionMembers members = new ElectionMembers(dir, zk.connectString(), SESSION_MS)) {
            members.start("a");
            members.start("b");
            members.start("c");
            Member active = members.awaitOneActive(START);
            for (int round = 1; round <= 3; round++) {
                awaitActs(members, active.name, 5);
                boolean crash = round % 2 == 1;
                long faultAt = System.nanoTime();
                if (crash) {
                    active.process.kill();            // kill -9: the session stays until it expires
                } else {
                    active.process.stop(Duration.ofSeconds(10)); // SIGTERM: leaves the election at once
                }
                Member successor = members.awaitOneActive(TAKEOVER);
                System.out.printf("takeover after %s of the active: %d ms (session timeout %d ms)%n",
                        crash ? "kill -9" : "SIGTERM", (System.nanoTime() - faultAt) / 1_000_000, SESSION_MS);
                assertThat(successor.name).isNotEqualTo(active.name);
                awaitActs(members, successor.name, 5);
                members.start(active.name + round);   // a replacement host joins as standby
                active = successor;
            }
            assertOneMemberAtATime(members.acts(), true);
        }
    }

    @Test
    void aMemberPausedPastItsSessionOnlyStepsDownWhenItWakes() {
        try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.startSingle(dir);
             ElectionMembers members = new ElectionMembers(dir, zk.connectString(), SESSION_MS)) {
            members.start("a");
            members.start("b");
            Member active = members.awaitOneActive(START);
            for (int round = 1; round <= 3; round++) {
                awaitActs(members, active.name, 5);
                active.process.signal(ManagedProcess.Signal.STOP);
                active.paused = true;
                Member successor = members.awaitOneActive(TAKEOVER);
                awaitActs(members, successor.name, 5);
                int actsBeforeWaking = members.acts().size();

                active.process.signal(ManagedProcess.Signal.CONT);
                active.paused = false;
                Member woken = active;
                Await.until(woken.name + " reports that it stepped down", TAKEOVER,
                        () -> woken.lastRole().startsWith("STANDBY"));
                System.out.printf("%s woke after a pause past its session and reported: %s%n", woken.name,
                        woken.lastRole());
                awaitActs(members, successor.name, 10);

                assertThat(woken.lastRole()).isIn("STANDBY LEASE_EXPIRED", "STANDBY SESSION_LOST",
                        "STANDBY LEADERSHIP_REVOKED");
                List<String[]> history = members.acts();
                List<String[]> afterWaking = history.subList(actsBeforeWaking, history.size());
                assertThat(afterWaking).as("acts after %s woke", woken.name)
                        .allSatisfy(act -> assertThat(act[1]).isEqualTo(successor.name));
                assertThat(members.awaitOneActive(START).name).isEqualTo(successor.name);
                active = successor;
            }
            assertOneMemberAtATime(members.acts(), true);
        }
    }

    @Test
    void losingOneNodeOfThreeChangesNothingAndLosingAllStepsTheActiveDown() {
        try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.startThree(dir);
             ElectionMembers members = new ElectionMembers(dir, zk.connectString(), ENSEMBLE_SESSION_MS)) {
            Duration lease = Duration.ofMillis(ENSEMBLE_SESSION_MS);
            members.start("a");
            members.start("b");
            Member active = members.awaitOneActive(START);
            awaitActs(members, active.name, 5);

            // Each node in turn, so one of them is the node the active member is connected to.
            for (ZooKeeperEnsemble.Node node : zk.nodes()) {
                int rolesBefore = active.roleLines().size();
                node.kill();
                // Longer than a session: a change of leader would have happened by now.
                awaitActs(members, active.name, (int) (ENSEMBLE_SESSION_MS * 3 / 2 / 20));
                assertThat(active.roleLines()).as("%s's role changes with %s killed", active.name, node)
                        .hasSize(rolesBefore);
                assertThat(members.awaitOneActive(START).name).isEqualTo(active.name);
                node.start();
            }

            for (int round = 1; round <= 2; round++) {
                zk.stopAll();
                members.awaitNoneActive(lease);
                int actsWhileDown = members.acts().size();
                // A member that starts while the engine is down never becomes active.
                Member newcomer = members.start("late" + round);
                awaitSessionWithNobodyActive(members, lease);
                assertThat(newcomer.roleLines()).isEmpty();
                assertThat(members.acts()).hasSize(actsWhileDown);

                zk.startAll();
                active = members.awaitOneActive(START);
                awaitActs(members, active.name, 5);
            }

            // The members that started while the engine was down are in the election too: with
            // everyone else gone, one of them leads.
            for (Member m : members.live()) {
                if (!m.name.startsWith("late")) {
                    m.process.stop(Duration.ofSeconds(10));
                }
            }
            Member latecomer = members.awaitOneActive(lease.plus(START));
            assertThat(latecomer.name).startsWith("late");
            awaitActs(members, latecomer.name, 5);
            assertOneMemberAtATime(members.acts(), true);
        }
    }

    /** Two sessions' time passes with the engine down, and nobody is active at the end of it. */
    private static void awaitSessionWithNobodyActive(ElectionMembers members, Duration session) {
        long until = System.nanoTime() + session.multipliedBy(2).toNanos();
        Await.until("two sessions' time with the engine down, nobody active", session.multipliedBy(3), () ->
                System.nanoTime() - until > 0 && members.live().stream().noneMatch(Member::saysActive));
    }

    /** Waits until {@code member} has acted {@code count} more times from now. */
    private static void awaitActs(ElectionMembers members, String member, int count) {
        long before = members.acts().stream().filter(a -> a[1].equals(member)).count();
        // Generous: on a loaded machine a member's acts come late, and waiting longer costs nothing when they come.
        Duration timeout = START.plus(TAKEOVER).plusMillis(count * 60L);
        Await.until(member + " acts " + count + " times; members " + members.describe(), timeout,
                () -> members.acts().stream().filter(a -> a[1].equals(member)).count() >= before + count);
    }

    /** Terms never go back in the world's history, and each term is one member's. */
    private static void assertOneMemberAtATime(List<String[]> acts, boolean leaderChanged) {
        assertThat(acts).isNotEmpty();
        Map<Long, String> memberOfTerm = new HashMap<>();
        long lastTerm = Long.MIN_VALUE;
        String lastMember = null;
        int changes = 0;
        for (String[] act : acts) {
            long term = Long.parseUnsignedLong(act[0], 16);
            assertThat(term).as("term of an act by %s after an act of term %x", act[1], lastTerm)
                    .isGreaterThanOrEqualTo(lastTerm);
            String previous = memberOfTerm.putIfAbsent(term, act[1]);
            assertThat(previous == null || previous.equals(act[1])).as("term %x acted on by %s and %s", term, previous, act[1])
                    .isTrue();
            if (lastMember != null && !lastMember.equals(act[1])) {
                changes++;
            }
            lastTerm = term;
            lastMember = act[1];
        }
        if (leaderChanged) {
            assertThat(changes).as("changes of the acting member").isPositive();
        }
    }
}
