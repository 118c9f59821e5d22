package dk.telemed.gateway.cluster;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.rules.AlertBoard;
import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterAlertsTest {
    static final Instant T = Instant.parse("2026-11-22T07:30:00Z");
    static final String OURS = PartitionedRulesTest.OURS;
    static final String THEIRS = PartitionedRulesTest.THEIRS;

    final Vertx vertx = Vertx.vertx();
    final Context context = vertx.getOrCreateContext();
    final Membership membership = new Membership(2, 0, "g");
    final HandoverJson json = new HandoverJson();
    final List<Handover> sent = new CopyOnWriteArrayList<>();
    final OpenAlert ours = alert(OURS, AlertState.RAISED);
    final OpenAlert theirs = alert(THEIRS, AlertState.RAISED);

    @AfterEach
    void close() {
        vertx.close();
    }

    static OpenAlert alert(String patient, AlertState state) {
        return new OpenAlert("a-" + patient, AlertKey.band(patient, MeasurementType.SPO2, Direction.BELOW), "nord", Severity.RED,
                "spo2.red.below", state, OptionalDouble.of(80), "%", OptionalDouble.of(88), Optional.empty(), Optional.of(T),
                "SpO2 80 % is below 88 %", false, T, 1, 0, Optional.empty(), Optional.empty(), Optional.empty(), T);
    }

    /** This member's rules: its own patient's alert, which InfluxDB also holds (maybe older). */
    final AlertBoard local = new AlertBoard() {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public Future<List<OpenAlert>> openAlerts() {
            return Future.succeededFuture(List.of(ours));
        }

        @Override
        public Future<OpenAlert> acknowledge(String alertId, String username, Optional<String> note) {
            return Future.succeededFuture(alert(OURS, AlertState.ACKNOWLEDGED));
        }
    };

    ClusterAlerts board(Duration ackTimeout) {
        return new ClusterAlerts(vertx, context, membership, local, () -> Future.succeededFuture(List.of(alert(OURS, AlertState.RAISED), theirs)),
                (topic, body) -> {
                    try {
                        sent.add(json.read(body));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                    return Future.succeededFuture(0);
                }, Duration.ofSeconds(2), ackTimeout);
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void theListHoldsThisMembersAlertsFromItsRulesAndTheOthersFromTheStoreEachOnce() throws Exception {
        assertThat(await(board(Duration.ofSeconds(5)).openAlerts())).containsExactlyInAnyOrder(ours, theirs);
    }

    @Test
    void anAcknowledgementOfAnotherMembersAlertIsAskedOfItAndAnsweredWithItsConfirmation() throws Exception {
        ClusterAlerts board = board(Duration.ofSeconds(5));
        Future<OpenAlert> result = board.acknowledge(theirs.alertId(), "nina", Optional.of("called"));
        waitUntilSent();
        Handover.Acknowledge asked = (Handover.Acknowledge) sent.get(0);
        assertThat(asked.alertId()).isEqualTo(theirs.alertId());
        assertThat(asked.replyTo()).isEqualTo("telemed/v1/cluster/g/member-0");
        context.runOnContext(v -> board.replied(new Handover.Reply(asked.correlation(), Handover.Outcome.ACKNOWLEDGED, 2,
                Optional.of(T.plusSeconds(60)), "")));
        OpenAlert acknowledged = await(result);
        assertThat(acknowledged.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(acknowledged.acknowledgedBy()).contains("nina");
        assertThat(acknowledged.acknowledgedAt()).contains(T.plusSeconds(60));
        assertThat(acknowledged.note()).contains("called");
        assertThat(acknowledged.seq()).isEqualTo(2);
    }

    @Test
    void anAlertTheHolderNoLongerHasOpenIsNotOpen() throws Exception {
        ClusterAlerts board = board(Duration.ofSeconds(5));
        Future<OpenAlert> result = board.acknowledge(theirs.alertId(), "nina", Optional.empty());
        waitUntilSent();
        String correlation = ((Handover.Acknowledge) sent.get(0)).correlation();
        context.runOnContext(v -> board.replied(new Handover.Reply(correlation, Handover.Outcome.NOT_OPEN, 0, Optional.empty(), "gone")));
        assertThatThrownBy(() -> await(result)).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aHolderThatDoesNotAnswerEndsInATimeoutThatSaysWhatToDo() {
        Future<OpenAlert> result = board(Duration.ofMillis(200)).acknowledge(theirs.alertId(), "nina", Optional.empty());
        assertThatThrownBy(() -> await(result)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(TimeoutException.class).hasMessageContaining("cluster member 1").hasMessageContaining("Try again");
    }

    @Test
    void thisMembersOwnAlertIsAcknowledgedByItsRulesWithoutAsking() throws Exception {
        assertThat(await(board(Duration.ofSeconds(5)).acknowledge(ours.alertId(), "nina", Optional.empty())).state())
                .isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(sent).isEmpty();
    }

    private void waitUntilSent() throws InterruptedException {
        for (int i = 0; i < 500 && sent.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(sent).hasSize(1);
    }
}
