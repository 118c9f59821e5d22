package dk.telemed.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.ManagedProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.ProjectRoot;
import dk.telemed.testsupport.ReadingStream;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import dk.telemed.testsupport.ZooKeeperEnsemble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Active and standby gateways on real processes: a ZooKeeper ensemble, Mosquitto, InfluxDB and
 * two or three packaged gateways sharing one MQTT client id, with a stream of 1,000 readings/s
 * and probe patients whose readings must alarm. Every fault is repeated in one test.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SESSION_MS = 4_000;
    private static final Duration START = Duration.ofSeconds(60);
    /** A dead active's session expires after SESSION_MS; the successor then restores and connects. */
    private static final Duration TAKEOVER = Duration.ofSeconds(40);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String CLIENT_ID = "gw-failover";
    private static final String NURSE = "nina.nord";
    private static final int ROUNDS = 3;
    /** The planned interval of the missing-reading probes, with no grace. */
    private static final int PLAN_SECONDS = 30;
    private static final List<String> STREAM_DEVICES = IntStream.range(0, 10).mapToObj(i -> "oxi-s" + i).toList();
    /** Thirty minutes ago: the stream's readings are stamped from here, one ms apart. */
    private static final long FIRST_TS = System.currentTimeMillis() - 30 * 60_000L;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private TestStack stack;
    private ZooKeeperEnsemble zk;
    private Path thresholds;
    private Members members;
    /** Subscribed to every alert event, as the nurses' systems are. */
    private MqttTestClient nurses;
    /** Publishes the probe patients' readings. */
    private MqttTestClient probes;

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (RuntimeException e) {
                LOG.warn("closing: {}", e.toString());
            }
        }
    }

    @Test
    void killingTheActiveLosesNoReadingAndRaisesEachAlarmOnceThreeTimesInARow() {
        start("kill", false, Map.of());
        ReadingStream stream = ReadingStream.start(stack.broker().url(), "stream-kill", STREAM_DEVICES, 1_000, FIRST_TS);
        closing.add(stream);
        Map<String, Long> alarmPublishedAt = new LinkedHashMap<>();
        Map<String, Instant> plannedFrom = new LinkedHashMap<>();
        List<String> redProbes = new ArrayList<>();
        GatewayProcess active = members.awaitOneActive(START);
        for (int round = 1; round <= ROUNDS; round++) {
            // A red alert nobody acknowledges: its reminder is due a minute later, after the takeover.
            String red = "p-red-" + round;
            publishSpo2(probes, "oxi-red-" + round, 80, Instant.now());
            redProbes.add(red);
            Await.until(red + " raised by " + members.name(active), WAIT, () -> distinct(nurses, red, "raised") == 1);
            // The planned measurement of this probe falls due during the takeover.
            Instant lastPlanned = Instant.now();
            publishSpo2(probes, "oxi-miss-" + round, 97, lastPlanned);
            plannedFrom.put("p-miss-" + round, lastPlanned);
            sleepUntil(lastPlanned.plusSeconds(PLAN_SECONDS - 8));
            long killedAt = System.nanoTime();
            active.kill();
            String alarm = "p-alarm-" + round;
            alarmPublishedAt.put(alarm, System.currentTimeMillis());
            publishSpo2(probes, "oxi-alarm-" + round, 82, Instant.now());
            GatewayProcess killed = active;
            active = members.awaitOneActive(TAKEOVER);
            assertThat(active).isNotSameAs(killed);
            LOG.info("round {}: {} active {} ms after kill -9 of the one before", round, members.name(active),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
            members.start(members.name(killed) + round);   // a replacement host joins as standby
        }
        for (Map.Entry<String, Long> probe : alarmPublishedAt.entrySet()) {
            Await.until(probe.getKey() + " raised", WAIT, () -> distinct(nurses, probe.getKey(), "raised") == 1);
            // How long it takes is the bench's failover row to measure; here the alarm published into the takeover has to arrive.
            LOG.info("{} raised {} ms after its reading was published", probe.getKey(),
                    raisedAt(nurses, probe.getKey()).toEpochMilli() - probe.getValue());
        }
        for (Map.Entry<String, Instant> probe : plannedFrom.entrySet()) {
            Await.until(probe.getKey() + ": one missing-reading alert", WAIT,
                    () -> distinctMissing(nurses, probe.getKey(), probe.getValue()) == 1);
        }
        for (String red : redProbes) {
            Await.until(red + " re-notified", WAIT, () -> reminders(nurses, red) == 1);
        }
        stream.stop(Duration.ofSeconds(10));
        Await.until("every confirmed reading stored (" + stream.confirmed() + ")", WAIT,
                () -> stack.stored("type = 'pulse'") >= stream.confirmed());
        assertThat(stack.stored("type = 'pulse'")).as("stored once, none invented").isBetween(stream.confirmed(), stream.attempted());
        // Nothing raised twice, whoever raised it: one alert per probe, one reminder per red one.
        for (int round = 1; round <= ROUNDS; round++) {
            assertThat(distinct(nurses, "p-alarm-" + round, "raised")).isEqualTo(1);
            assertThat(distinct(nurses, "p-red-" + round, "raised")).isEqualTo(1);
            assertThat(distinctMissing(nurses, "p-miss-" + round, plannedFrom.get("p-miss-" + round))).isEqualTo(1);
            assertThat(reminders(nurses, "p-red-" + round)).isEqualTo(1);
        }
        assertThat(stack.broker().droppedMessages()).as("broker dropped queued messages").isFalse();
    }

    @Test
    void anActivePausedPastItsLeaseDoesNothingWhenItWakesButStepDownAndABrokerRestartMakesNoSecondActive() {
        start("pause", false, Map.of());
        GatewayProcess active = members.awaitOneActive(START);
        for (int round = 1; round <= 2; round++) {
            GatewayProcess paused = active;
            paused.signal(ManagedProcess.Signal.STOP);
            String alarm = "p-alarm-" + round;
            publishSpo2(probes, "oxi-alarm-" + round, 82, Instant.now());
            GatewayProcess successor = members.awaitOneActive(TAKEOVER, paused);
            assertThat(successor).isNotSameAs(active);
            Await.until(alarm + " raised by the successor", WAIT, () -> distinct(nurses, alarm, "raised") == 1);
            int logBefore = active.log().length();
            paused.signal(ManagedProcess.Signal.CONT);
            GatewayProcess woken = active;
            Await.until(members.name(woken) + " answers as a standby", WAIT, () -> members.role(woken).equals(Optional.of("standby")));
            assertThat(woken.get("/health")).isEqualTo(200);
            // Still the successor's: the woken member took nothing back.
            assertThat(members.role(successor)).contains("active");
            String afterWaking = woken.log().substring(logBefore);
            assertThat(afterWaking).contains("stopped acting");
            assertThat(afterWaking).doesNotContain("connected to broker").doesNotContain("reconnected to broker");
            // A reading for the woken member's patients is judged once, by the active one.
            String late = "p-red-" + round;
            publishSpo2(probes, "oxi-red-" + round, 80, Instant.now());
            Await.until(late + " raised", WAIT, () -> distinct(nurses, late, "raised") == 1);
            active = successor;
        }
        assertThat(distinctRaised(nurses)).as("every raised alert once").isEqualTo(raisedEvents(nurses));

        // The broker restarted with the standby present: never two actives, and the same one goes on.
        for (int round = 1; round <= 3; round++) {
            stack.broker().restart();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (System.nanoTime() < until) {
                long actives = members.all().stream().filter(g -> members.role(g).equals(Optional.of("active"))).count();
                assertThat(actives).as("actives while the broker restarts").isLessThanOrEqualTo(1);
                sleep(100);
            }
            assertThat(members.awaitOneActive(START)).isSameAs(active);
            publishSpo2(probes, "oxi-miss-" + round, 97, Instant.now());
            int n = round;
            Await.until("the reading of round " + round + " stored", WAIT, () -> stack.stored("patient = 'p-miss-" + n + "'") == 1);
        }
    }

    @Test
    void aNurseAcknowledgingDuringATakeoverGetsA2xxOrARetryable503AndTheAcknowledgementCountsOnce() {
        TestUsers users = new TestUsers().add(NURSE, "nurse", "nord-akut");
        start("ack", false, Map.of("TELEMED_USERS", users.write(dir("ack")).toAbsolutePath().toString()));
        GatewayProcess active = members.awaitOneActive(START);
        ApiClient nurse = new ApiClient(active.url()).signIn(NURSE, users.password(NURSE));
        for (int round = 1; round <= 2; round++) {
            String patient = "p-red-" + round;
            publishSpo2(probes, "oxi-red-" + round, 80, Instant.now());
            Await.until(patient + " raised", WAIT, () -> distinct(nurses, patient, "raised") == 1);
            String alertId = alertIdOf(nurses, patient);
            active.kill();
            GatewayProcess killed = active;
            // Her browser goes wherever the load balancer sends it: here, to each living member in turn.
            List<Integer> answers = new ArrayList<>();
            Await.until("the acknowledgement of " + patient + " taken", WAIT, () -> members.all().stream()
                    .filter(g -> g != killed).anyMatch(g -> {
                        ApiClient.Response r = nurse.sameBrowserAt(g.url()).post("/api/alerts/" + alertId + "/ack", "{\"note\": \"called her\"}");
                        answers.add(r.status());
                        if (r.status() == 503) {
                            assertThat(r.header("Retry-After")).as("a 503 says when to try again").isPresent();
                        }
                        return r.status() / 100 == 2;
                    }));
            assertThat(answers).as("every answer a 2xx or a retryable 503").allMatch(s -> s / 100 == 2 || s == 503);
            LOG.info("round {}: the nurse's acknowledgement was answered {}", round, answers);
            active = members.awaitOneActive(TAKEOVER);
            members.start(members.name(killed) + round);
            Await.until(patient + ": the acknowledged event", WAIT, () -> distinctEvents(nurses, patient, "acknowledged") == 1);
        }
        for (int round = 1; round <= 2; round++) {
            assertThat(distinctEvents(nurses, "p-red-" + round, "acknowledged")).as("applied once").isEqualTo(1);
        }
    }

    @Test
    void losingOneNodeOfAThreeNodeEngineChangesNothing() {
        start("engine", true, Map.of());
        GatewayProcess active = members.awaitOneActive(START);
        String activeName = members.name(active);
        for (int round = 1; round <= 2; round++) {
            ZooKeeperEnsemble.Node lost = zk.leader().orElseThrow();
            lost.kill();
            String alarm = "p-alarm-" + round;
            publishSpo2(probes, "oxi-alarm-" + round, 82, Instant.now());
            Await.until(alarm + " raised", WAIT, () -> distinct(nurses, alarm, "raised") == 1);
            lost.start();
            Await.until("the engine whole again", START, () -> zk.nodes().stream().allMatch(n -> n.mode().isPresent()));
        }
        for (GatewayProcess gateway : members.all()) {
            if (gateway == active) {
                assertThat(members.role(gateway)).contains("active");
            } else {
                assertThat(members.role(gateway)).contains("standby");
            }
        }
        assertThat(active.log()).as(activeName + " never stepped down").doesNotContain("stopped acting");
    }

    private static Path dir(String name) {
        try {
            return Files.createDirectories(Path.of("target/it/FailoverIT", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the engine (one node or three), the broker, InfluxDB with the registry of probes,
     * members "a" and "b" with {@code env}, the nurses' alert listener and the probes' publisher.
     */
    private void start(String name, boolean threeNodes, Map<String, String> env) {
        Path dir = dir(name);
        zk = threeNodes ? ZooKeeperEnsemble.startThree(dir.resolve("zk")) : ZooKeeperEnsemble.startSingle(dir.resolve("zk"));
        closing.add(zk);
        stack = TestStack.start(dir, registry());
        closing.add(stack);
        try {
            // The shipped thresholds with a grace of one second on measurement plans, so a probe's deadline is about its plan's interval.
            String shipped = Files.readString(ProjectRoot.config("thresholds.yaml"));
            assertThat(shipped).contains("grace: PT6H");
            thresholds = Files.writeString(dir.resolve("thresholds.yaml"), shipped.replace("grace: PT6H", "grace: PT1S"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        members = new Members(env);
        members.start("a");
        members.start("b");
        nurses = MqttTestClient.connect(stack.broker().url(), "nurses-" + name);
        nurses.subscribe("telemed/v1/alerts/#");
        closing.add(nurses);
        probes = MqttTestClient.connect(stack.broker().url(), "probes-" + name);
        closing.add(probes);
    }

    private static String registry() {
        StringBuilder yaml = new StringBuilder("patients:\n");
        for (int i = 0; i < STREAM_DEVICES.size(); i++) {
            yaml.append("  - { id: p-s").append(i).append(", careTeam: nord-akut, conditions: [copd], devices: [")
                    .append(STREAM_DEVICES.get(i)).append("] }\n");
        }
        for (int round = 1; round <= ROUNDS; round++) {
            for (String kind : List.of("red", "alarm")) {
                yaml.append("  - { id: p-").append(kind).append('-').append(round)
                        .append(", careTeam: nord-akut, conditions: [copd], devices: [oxi-").append(kind).append('-').append(round)
                        .append("] }\n");
            }
            yaml.append("  - { id: p-miss-").append(round).append(", careTeam: nord-akut, conditions: [copd], devices: [oxi-miss-")
                    .append(round).append("], plan: { spo2: { every: PT").append(PLAN_SECONDS).append("S }, weight: none } }\n");
        }
        return yaml.toString();
    }

    private static void publishSpo2(MqttTestClient device, String deviceId, int value, Instant ts) {
        device.publish("telemed/v1/devices/" + deviceId + "/readings",
                "{\"ts\": \"%s\", \"type\": \"spo2\", \"value\": %d, \"unit\": \"%%\"}".formatted(ts, value));
    }

    /** The alert events the nurses' client received. */
    private static List<JsonNode> events(MqttTestClient nurses) {
        List<JsonNode> events = new ArrayList<>();
        for (MqttTestClient.Received r : nurses.received()) {
            try {
                events.add(JSON.readTree(r.payload()));
            } catch (IOException e) {
                throw new AssertionError("an alert event that is not JSON on " + r.topic(), e);
            }
        }
        return events;
    }

    /** Distinct alerts of a patient with the given event: a repeated event (same eventId) counts once. */
    private static long distinct(MqttTestClient nurses, String patient, String event) {
        return events(nurses).stream().filter(e -> e.path("patient").asText().equals(patient) && e.path("event").asText().equals(event))
                .map(e -> e.path("alertId").asText()).distinct().count();
    }

    /** Distinct events (by eventId) of one kind for a patient: a repeated event counts once. */
    private static long distinctEvents(MqttTestClient nurses, String patient, String event) {
        return events(nurses).stream().filter(e -> e.path("patient").asText().equals(patient) && e.path("event").asText().equals(event))
                .map(e -> e.path("eventId").asText()).distinct().count();
    }

    private static String alertIdOf(MqttTestClient nurses, String patient) {
        return events(nurses).stream().filter(e -> e.path("patient").asText().equals(patient)).map(e -> e.path("alertId").asText())
                .findFirst().orElseThrow();
    }

    /** Missing-reading alerts raised after the patient's reading at {@code measured} (before it, the plan had no reading yet). */
    private static long distinctMissing(MqttTestClient nurses, String patient, Instant measured) {
        return events(nurses).stream().filter(e -> e.path("patient").asText().equals(patient) && e.path("event").asText().equals("raised")
                        && e.path("severity").asText().equals("blue") && Instant.parse(e.path("at").asText()).isAfter(measured))
                .map(e -> e.path("alertId").asText()).distinct().count();
    }

    private static long reminders(MqttTestClient nurses, String patient) {
        return events(nurses).stream().filter(e -> e.path("patient").asText().equals(patient)
                && e.path("message").asText().startsWith("Not acknowledged (reminder 1): ")).map(e -> e.path("eventId").asText()).distinct().count();
    }

    private static long distinctRaised(MqttTestClient nurses) {
        return events(nurses).stream().filter(e -> e.path("event").asText().equals("raised")).map(e -> e.path("eventId").asText())
                .distinct().count();
    }

    private static long raisedEvents(MqttTestClient nurses) {
        return events(nurses).stream().filter(e -> e.path("event").asText().equals("raised")).count();
    }

    /** When the gateway raised the patient's alert, as its event says. */
    private static Instant raisedAt(MqttTestClient nurses, String patient) {
        return events(nurses).stream().filter(e -> e.path("patient").asText().equals(patient) && e.path("event").asText().equals("raised"))
                .map(e -> Instant.parse(e.path("at").asText())).min(Instant::compareTo).orElseThrow();
    }

    private static void sleepUntil(Instant when) {
        long ms = Duration.between(Instant.now(), when).toMillis();
        if (ms > 0) {
            sleep(ms);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The gateways of one test, each a member of the election under its own name. */
    private final class Members {
        private final Map<String, String> env;
        private final Map<GatewayProcess, String> names = new LinkedHashMap<>();

        Members(Map<String, String> env) {
            this.env = env;
        }

        GatewayProcess start(String name) {
            GatewayProcess gateway = stack.track(stack.gateway(CLIENT_ID).env(Map.of(
                    "TELEMED_COORDINATION_CONNECT", zk.connectString(),
                    "TELEMED_COORDINATION_MEMBER", name,
                    "TELEMED_COORDINATION_SESSION_TIMEOUT_MS", Long.toString(zk.nodes().size() > 1 ? 8_000 : SESSION_MS),
                    "TELEMED_RULES_THRESHOLDS", thresholds.toAbsolutePath().toString(),
                    "TELEMED_RULES_ESCALATE_AFTER_MINUTES", "1",
                    "TELEMED_RULES_ESCALATION_CHECK_SECONDS", "1",
                    "TELEMED_RULES_MISSING_CHECK_SECONDS", "1")).env(env).start());
            names.put(gateway, name);
            return gateway;
        }

        String name(GatewayProcess gateway) {
            return names.get(gateway);
        }

        List<GatewayProcess> all() {
            return names.keySet().stream().filter(GatewayProcess::isAlive).toList();
        }

        /** The role a member states on /ready, empty when it does not answer. */
        Optional<String> role(GatewayProcess gateway) {
            try {
                var response = gateway.request("/ready");
                return Optional.ofNullable(JSON.readTree(response.body()).path("role").textValue());
            } catch (Exception e) {
                return Optional.empty();
            }
        }

        /** Waits until exactly one live member is active and ready and every other one says standby; returns it. */
        GatewayProcess awaitOneActive(Duration timeout) {
            return awaitOneActive(timeout, null);
        }

        /** As {@link #awaitOneActive(Duration)}, not asking {@code paused}, which cannot answer. */
        GatewayProcess awaitOneActive(Duration timeout, GatewayProcess paused) {
            GatewayProcess[] found = new GatewayProcess[1];
            Await.until("one active and ready member among " + names.values(), timeout, () -> {
                List<GatewayProcess> asked = all().stream().filter(g -> g != paused).toList();
                List<GatewayProcess> ready = asked.stream().filter(g -> g.get("/ready") == 200).toList();
                if (ready.size() != 1) {
                    return false;
                }
                boolean othersStandby = asked.stream().filter(g -> g != ready.get(0))
                        .allMatch(g -> role(g).equals(Optional.of("standby")));
                found[0] = ready.get(0);
                return othersStandby && role(ready.get(0)).equals(Optional.of("active"));
            });
            return found[0];
        }
    }
}
