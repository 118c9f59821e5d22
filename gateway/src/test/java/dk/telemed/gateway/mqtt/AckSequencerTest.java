package dk.telemed.gateway.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AckSequencerTest {
    final List<Integer> acked = new ArrayList<>();
    final AckSequencer sequencer = new AckSequencer(m -> acked.add(m.packetId()));

    static InboundMessage message(int id, int qos, long connection) {
        return new InboundMessage("t", new byte[0], id, qos, connection, 0);
    }

    @Test
    void acknowledgesInArrivalOrderWhateverOrderProcessingFinishes() {
        sequencer.newConnection(1);
        AckSequencer.Ticket a = sequencer.register(message(1, 1, 1));
        AckSequencer.Ticket b = sequencer.register(message(2, 1, 1));
        AckSequencer.Ticket c = sequencer.register(message(3, 1, 1));
        assertThat(sequencer.inProgress()).isEqualTo(3);
        sequencer.done(c);
        sequencer.done(b);
        assertThat(acked).isEmpty();
        assertThat(sequencer.unacknowledged()).isEqualTo(3);
        assertThat(sequencer.inProgress()).isEqualTo(1);
        sequencer.done(a);
        assertThat(acked).containsExactly(1, 2, 3);
        assertThat(sequencer.unacknowledged()).isZero();
        assertThat(sequencer.inProgress()).isZero();
    }

    @Test
    void qosZeroMessagesKeepTheirPlaceButSendNoAck() {
        sequencer.newConnection(1);
        AckSequencer.Ticket a = sequencer.register(message(0, 0, 1));
        AckSequencer.Ticket b = sequencer.register(message(7, 1, 1));
        sequencer.done(b);
        assertThat(acked).isEmpty();
        sequencer.done(a);
        assertThat(acked).containsExactly(7);
    }

    @Test
    void messagesOfAnEarlierConnectionAreNeverAcknowledged() {
        sequencer.newConnection(1);
        AckSequencer.Ticket old = sequencer.register(message(1, 1, 1));
        sequencer.newConnection(3);
        AckSequencer.Ticket fresh = sequencer.register(message(1, 1, 3));
        AckSequencer.Ticket stray = sequencer.register(message(2, 1, 2));
        sequencer.done(old);
        sequencer.done(stray);
        assertThat(acked).isEmpty();
        assertThat(sequencer.inProgress()).isEqualTo(1);
        sequencer.done(fresh);
        assertThat(acked).containsExactly(1);
        assertThat(sequencer.inProgress()).isZero();
    }

    @Test
    void aDoneMessageWaitingForAnEarlierOneNoLongerHoldsItsPayload() {
        List<InboundMessage> sent = new ArrayList<>();
        AckSequencer keeping = new AckSequencer(sent::add);
        keeping.newConnection(1);
        AckSequencer.Ticket head = keeping.register(message(1, 1, 1));
        AckSequencer.Ticket behind = keeping.register(new InboundMessage("t", new byte[64 * 1024], 2, 1, 1, 0));
        keeping.done(behind);
        keeping.done(behind);
        assertThat(keeping.inProgress()).isEqualTo(1);
        keeping.done(head);
        assertThat(sent).extracting(InboundMessage::packetId).containsExactly(1, 2);
        assertThat(sent.get(1).payload()).isEmpty();
    }
}
