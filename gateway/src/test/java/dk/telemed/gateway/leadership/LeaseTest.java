package dk.telemed.gateway.leadership;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseTest {
    @Test
    void aLeaseRunsFromTheSendingOfTheConfirmedRequestNotFromItsAnswer() {
        Lease lease = new Lease();
        assertThat(lease.isValidAt(0)).isFalse();
        lease.confirm(1_000, 8_000);
        assertThat(lease.isValidAt(8_999)).isTrue();
        assertThat(lease.isValidAt(9_000)).isFalse();
    }

    @Test
    void aLateAnswerToAnOlderRequestNeverShortensTheLease() {
        Lease lease = new Lease();
        lease.confirm(5_000, 8_000);
        lease.confirm(2_000, 8_000);
        assertThat(lease.isValidAt(12_999)).isTrue();
        assertThat(lease.isValidAt(13_000)).isFalse();
    }

    @Test
    void aDroppedLeaseIsInvalidUntilConfirmedAgain() {
        Lease lease = new Lease();
        lease.confirm(0, 8_000);
        lease.drop();
        assertThat(lease.isValidAt(1)).isFalse();
        lease.confirm(10, 8_000);
        assertThat(lease.isValidAt(11)).isTrue();
    }

    @Test
    void theMonotonicClockMayWrapAround() {
        Lease lease = new Lease();
        lease.confirm(Long.MAX_VALUE - 10, 100);
        assertThat(lease.isValidAt(Long.MAX_VALUE)).isTrue();
        assertThat(lease.isValidAt(Long.MIN_VALUE + 88)).isTrue();
        assertThat(lease.isValidAt(Long.MIN_VALUE + 89)).isFalse();
    }
}
